#!/bin/sh
# Reruns the rolling-restart proof: three gateways from the unzipped distribution behind HAProxy, CLIENTS
# EventSource-like clients per route (a relayed route, a shared one, and a channel on Redis whose events are
# posted through HAProxy) reconnecting with Last-Event-ID, each
# gateway restarted in turn (SIGTERM, drain, start, ready in HAProxy) ROUNDS times while events flow; every client
# must end with every id exactly once, in order. It is RollingRestartIT (distribution/src/test/java/...), run with
# the shipped timings by default; its report (a table: reconnects, longest gap, the origin's reconnect load) is
# printed at the end and kept in distribution/target/end-to-end/rolling-restart-report.md. How it works and what
# the figures mean: docs/fleet.md.
#
#   distribution/fleet/rolling-restart.sh                       # 500 clients per route, 2 rounds, drain 5 s
#   CLIENTS=2000 ROUNDS=3 distribution/fleet/rolling-restart.sh -o   # arguments go to Maven (-o: offline)
#
# Environment: CLIENTS (500), ROUNDS (2), DRAIN_WINDOW seconds (5, as the shipped drain.window),
# SHUTDOWN_TIMEOUT seconds (5, as the shipped server.shutdown-timeout), RATE events per second (10).
# Needs Maven, a JDK 21+ (found as distribution/find-java.sh says), HAProxy (/usr/sbin/haproxy, Debian package
# haproxy) and Redis (/usr/bin/redis-server, Debian package redis-server). It builds every module but the bench
# (the zip needs the plugins: the channel's broker is one), tests skipped, and installs nothing into the local Maven
# repository.
set -e
here=$(cd -P -- "$(dirname -- "$0")" && pwd -P)
root=$(cd -P -- "$here/../.." && pwd -P)
. "$root/distribution/find-java.sh"
find_jdk "distribution/fleet/rolling-restart.sh" || exit 1
command -v mvn >/dev/null 2>&1 || { echo "rolling-restart.sh: needs Maven (mvn) on PATH" >&2; exit 1; }
[ -x /usr/sbin/haproxy ] || { echo "rolling-restart.sh: needs /usr/sbin/haproxy (apt-get install haproxy)" >&2; exit 1; }
[ -x /usr/bin/redis-server ] || {
    echo "rolling-restart.sh: needs /usr/bin/redis-server (apt-get install redis-server)" >&2; exit 1; }
report=$root/distribution/target/end-to-end/rolling-restart-report.md
rm -f "$report"
cd "$root"
status=0
mvn -B -pl '!distribution/bench' verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=RollingRestartIT -Dfailsafe.failIfNoSpecifiedTests=false \
    -Dfleet.clients="${CLIENTS:-500}" -Dfleet.rounds="${ROUNDS:-2}" \
    -Dfleet.drain-window-seconds="${DRAIN_WINDOW:-5}" -Dfleet.shutdown-timeout-seconds="${SHUTDOWN_TIMEOUT:-5}" \
    -Dfleet.events-per-second="${RATE:-10}" "$@" || status=$?
if [ -f "$report" ]; then
    echo
    cat "$report"
else
    echo "rolling-restart.sh: no report (the build or the test failed before the end; see Maven's output)" >&2
fi
exit "$status"
