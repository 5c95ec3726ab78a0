#!/bin/sh
# Builds the gateway (tests skipped), unzips the distribution into distribution/target/run/ and starts it there.
# Arguments go to bin/sse-gateway, e.g.  distribution/run.sh --config my.conf
# Needs Maven and a JDK 21+ (found as described in distribution/find-java.sh).
set -e
here=$(cd -P -- "$(dirname -- "$0")" && pwd -P)
root=$(cd -P -- "$here/.." && pwd -P)
. "$here/find-java.sh"
find_jdk "distribution/run.sh" || exit 1
command -v mvn >/dev/null 2>&1 || { echo "distribution/run.sh: needs Maven (mvn) on PATH" >&2; exit 1; }

# relative --config paths stay relative to the caller's directory: bin/sse-gateway resolves them from there
(cd "$root" && mvn -B -q -DskipTests package)

zip=
for candidate in "$here"/target/sse-gateway-*.zip; do
    [ -f "$candidate" ] || continue
    [ -z "$zip" ] || { echo "distribution/run.sh: more than one zip in $here/target; run mvn clean" >&2; exit 1; }
    zip=$candidate
done
[ -n "$zip" ] || { echo "distribution/run.sh: the build made no zip in $here/target" >&2; exit 1; }

run_dir=$here/target/run
rm -rf "$run_dir"
mkdir -p "$run_dir"
if command -v unzip >/dev/null 2>&1; then
    unzip -q "$zip" -d "$run_dir"
else
    (cd "$run_dir" && "$JAVA_HOME/bin/jar" xf "$zip")
    chmod +x "$run_dir"/*/bin/sse-gateway
fi
name=${zip##*/}
exec "$run_dir/${name%.zip}/bin/sse-gateway" "$@"
