#!/bin/sh
# Builds everything and runs every test, the end-to-end tests of the unzipped distribution included: mvn -B verify.
# Arguments go to Maven, e.g.  distribution/test.sh -o   or   distribution/test.sh -Dit.test=LaunchScriptIT
# Needs Maven and a JDK 21+ (found as described in distribution/find-java.sh).
set -e
here=$(cd -P -- "$(dirname -- "$0")" && pwd -P)
root=$(cd -P -- "$here/.." && pwd -P)
. "$here/find-java.sh"
find_jdk "distribution/test.sh" || exit 1
command -v mvn >/dev/null 2>&1 || { echo "distribution/test.sh: needs Maven (mvn) on PATH" >&2; exit 1; }
cd "$root"
exec mvn -B verify "$@"
