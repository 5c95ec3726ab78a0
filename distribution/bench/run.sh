#!/usr/bin/env bash
# The side-by-side SSE benchmark, rerunnable from a checkout: the gateway of this repository (its zip, unzipped)
# next to direct (the client reads the origin itself: the limit on this machine) and nginx tuned for SSE (when
# `nginx` is on PATH), interleaved in one run so machine drift hits every system. Adapted from the team's shared
# benchmark (../shared/bench/run.sh); all traffic stays on 127.0.0.0/8 and every wait is bounded.
#
#   distribution/bench/run.sh                    # S1 S2 S3 S4 START on every system (about 11-15 min)
#   distribution/bench/run.sh S1 START           # some scenarios (S1 S2 S3 S3X S4 S5 START)
#   SYSTEMS="direct gateway" distribution/bench/run.sh S2
#   DURATION=5 REPEATS=1 distribution/bench/run.sh S1   # quick smoke run
#
# Environment:
#   SYSTEMS     direct nginx gateway gateway-transform (default: all; nginx only when it is on PATH), and
#               jdk-relay, jdk-fanout, helidon-fanout on request: the design's floors (below), e.g. SYSTEMS="nginx gateway jdk-relay"
#   DURATION    hold seconds of every load scenario (default per scenario: S1 20, S2 15, S3 30, S3X 60, S4 15, S5 20)
#   S5_RATE     events/s of S5's one stream (default 100: 500,000 deliveries/s to its 5,000 clients); a lower
#               rate shows latency and memory where the machine keeps up
#   S5_SELECTORS  threads of S5's load client reading all its streams with NIO selectors (default 2); 0 gives each
#               stream its own virtual thread as in the other scenarios (~4x the client's CPU per delivery in S5)
#   REPEATS     runs of each scenario (default: S1 and S2 2, START 3, others 1)
#   JAVA_OPTS   JVM options of the gateway (bin/sse-gateway honours them), e.g. JAVA_OPTS="-Xmx256m"
#   BUILD       auto (default: mvn package when the zip or the bench jar is missing), always, never
#   GATEWAY_ZIP the gateway zip to measure instead of distribution/target's, e.g. an older commit's build kept
#               aside, so two builds can be compared in alternating runs (A/B) on the same machine state
#   QUIET_WAIT  at most this many s before each run waiting for other processes to use < 0.1 core (default 9)
#   PROXY_WARM  s of the same load sent through each freshly started proxy before S1, S2 and S4 are measured
#               (default 0: the gateway is measured cold, its JIT compiling counts); S3X, START never, S3 only with
#               WARM_S3=1 (for its CPU: its RSS per stream then grows from the warm-up's heap)
#   TOOL_THREADS  virtual (default, as the shared tools) or platform: the origin's and the load client's threads.
#               With virtual ones the origin is the limit of S2 on 2 cores (nginx ~350k ev/s against ~650k with
#               platform ones), and both tools starve their own new connections under flat-out load
#   OUT         results folder (default distribution/bench/target/results)
#
# Systems: direct = client -> origin; nginx = nginx.conf here (port 18182); gateway = passthrough route /events ->
# origin (port 18184, admin 18185), and in S5 its shared route /shared (share { }, strip-prefix: /shared/events ->
# the origin's /events); gateway-transform = the same routes with the rename-event transform renaming
# every event ("message" -> "tick"), so each event is parsed, transformed and re-written; jdk-relay = BareRelay
# (port 18183): the JDK alone doing what the design asks (a blocking virtual thread per stream, a second one watching
# the client), bytes passed on as read, with the gateway's JVM flags. What it costs is the floor of the gateway's design.
# jdk-fanout and helidon-fanout (S5 only, on request) = BareFanout (port 18183): the floor of shared streams, one
# reader thread and one blocking writer thread per client, on a bare ServerSocket or on Helidon's WebServer
# (FANOUT_WATCH=1 adds jdk-fanout a second thread per client watching its socket, as the gateway's clients have).
# Scenarios: S1 100 streams x 10 ev/s x 200 B (latency); S2 50 streams flat out (events/s, CPU per event);
# S3 5,000 streams x 1 ev/5 s from 4 source addresses (RSS per stream); S3X 9,000 streams held 60 s (all
# connected?); S4 20 streams x 64 KiB x 20/s (MB/s); S5 5,000 clients of one stream at 100 ev/s x 200 B from 4
# source addresses (deliveries/s, latency, CPU per delivery, RSS per client, and the origin's streams and CPU: the
# gateway's clients share one origin stream, nginx's and direct's each have their own); START launch of bin/sse-gateway with the shipped
# conf/gateway.conf to the first event on its demo route /events (port 8080; 18186 when 8080, 8081 or 9090 is taken).
#
# Ports: 18181-18188 (the shared benchmark uses 1808x, so a run of one never collides with the other's ports; but
# do not run both at once: they share the cores). Each must be free; the run stops at once when one is not.
# Results: OUT/<stamp>.jsonl (one JSON line per run), OUT/<stamp>.md (the table, also printed last),
# OUT/<stamp>.env.txt (machine and versions); logs of every process in OUT/<stamp>.logs/.
set -uo pipefail

BENCH=$(cd -P -- "$(dirname -- "$0")" && pwd -P)
ROOT=$(cd -P -- "$BENCH/../.." && pwd -P)
# shellcheck source=../find-java.sh
. "$ROOT/distribution/find-java.sh"
find_jdk "distribution/bench/run.sh" || exit 1
JAVA="$JAVA_HOME/bin/java"

TARGET=$BENCH/target
JAR=$TARGET/sse-gateway-bench.jar
OUT=${OUT:-$TARGET/results}
STAMP=$(date +%Y%m%d-%H%M%S)
RUN=$OUT/$STAMP.logs
RAW=$OUT/$STAMP.jsonl
UP_PORT=18181 NGINX_PORT=18182 GATEWAY_PORT=18184 GATEWAY_ADMIN_PORT=18185   # nginx.conf has 18181 and 18182 too
RELAY_PORT=18183
START_PORTS="8080 8081 9090"                                                 # the shipped conf/gateway.conf
QUIET_WAIT=${QUIET_WAIT:-9}
PROXY_WARM=${PROXY_WARM:-0}
case ${TOOL_THREADS:=virtual} in
  virtual) TOOL_FLAG="" ;;
  platform) TOOL_FLAG="--platform-threads" ;;
  *) echo "run.sh: TOOL_THREADS must be virtual or platform (got: $TOOL_THREADS)" >&2; exit 2 ;;
esac
TICK=$(getconf CLK_TCK)
UP_PID="" PROXY_MAIN="" PROXY_PIDS="" CLIENT_PID="" START_PID="" GATEWAY_HOME=""

log() { echo "[$(date +%T)] $*" >&2; }
die() { log "error: $*"; exit 1; }

# Scenario -> origin query, streams, ramp (conn/s, 0 = all at once), hold s, warm-up s excluded from rates and
# latencies, repeats, s to wait for the origin to see the clients gone (it notices a closed socket on its 2nd
# write after the close), client source addresses (several spread the ephemeral ports).
scenario() {
  local quad="127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4"
  case $1 in
    S1)    Q="rate=10&size=200";   CONNS=100;  RAMP=200; DUR=20; WARM=3; REPS=2; DRAIN=3;  BIND="" ;;
    S2)    Q="rate=0&size=200";    CONNS=50;   RAMP=0;   DUR=15; WARM=3; REPS=2; DRAIN=3;  BIND="" ;;
    S3)    Q="rate=0.2&size=200";  CONNS=5000; RAMP=500; DUR=30; WARM=5; REPS=1; DRAIN=14; BIND=$quad ;;
    S3X)   Q="rate=0.2&size=200";  CONNS=9000; RAMP=500; DUR=60; WARM=5; REPS=1; DRAIN=20; BIND=$quad ;;
    S4)    Q="rate=20&size=65536"; CONNS=20;   RAMP=0;   DUR=15; WARM=3; REPS=1; DRAIN=3;  BIND="" ;;
    S5)    Q="rate=${S5_RATE:-100}&size=200";  CONNS=5000; RAMP=500; DUR=20; WARM=5; REPS=1; DRAIN=14; BIND=$quad ;;
    START) Q=""; CONNS=1; RAMP=0; DUR=0; WARM=0; REPS=3; DRAIN=0; BIND="" ;;
    *) die "unknown scenario $1 (S1 S2 S3 S3X S4 S5 START)" ;;
  esac
  [ "$1" = START ] || DUR=${DURATION:-$DUR}
  REPS=${REPEATS:-$REPS}
  WARM=$(awk -v w="$WARM" -v d="$DUR" 'BEGIN { print (w < d ? w : d / 3) }')   # short smoke runs keep a warm-up
}

# CPU ticks (user+sys) and RSS (kB) summed over PIDs, from /proc.
cpu_ticks() { local t=0 p; for p in "$@"; do [ -r "/proc/$p/stat" ] && t=$((t + $(sed 's/^.*) //' "/proc/$p/stat" | awk '{print $12 + $13}'))); done; echo $t; }
rss_kb() { local t=0 p; for p in "$@"; do [ -r "/proc/$p/status" ] && t=$((t + $(awk '/^VmRSS/ {print $2}' "/proc/$p/status"))); done; echo $t; }
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }   # user nice system irq softirq, all cores
proc_ticks() { cat /proc/[0-9]*/stat 2>/dev/null | awk '{ pid = $1; sub(/^[^)]*\) /, ""); print pid, $12 + $13 }'; }
children() { cat /proc/[0-9]*/stat 2>/dev/null | awk -v p="$1" '{ pid = $1; sub(/^[^)]*\) /, ""); if ($2 == p) print pid }'; }
other_ticks() {  # CPU ticks between two proc_ticks snapshots of processes that are not ours (noise from others)
  awk -v ours=" $$ $UP_PID $PROXY_PIDS $CLIENT_PID $START_PID " 'NR == FNR { t0[$1] = $2; next }
    index(ours, " " $1 " ") == 0 { d += $2 - ($1 in t0 ? t0[$1] : 0) } END { print d + 0 }' "$1" "$2"
}
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

port_busy() {  # something listens on 127.0.0.1:$1 (or any address, when ss can tell)
  if command -v ss >/dev/null 2>&1; then ss -Hltn "sport = :$1" | grep -q .; else (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; fi
}

wait_port() {  # until something answers HTTP on the port, at most 20 s, and only while process $2 lives
  local i
  for i in $(seq 100); do
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/" && return 0
    [ -z "${2:-}" ] || kill -0 "$2" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

stop_pid() {   # TERM, then KILL after 10 s; only ever our own children
  local pid=$1 i
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null
  for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}

stop_proxy() { local p; for p in $PROXY_PIDS; do [ "$p" = "$PROXY_MAIN" ] || kill -TERM "$p" 2>/dev/null; done; stop_pid "$PROXY_MAIN"; PROXY_MAIN=""; }
cleanup() { stop_pid "$CLIENT_PID"; stop_pid "$START_PID"; stop_proxy; stop_pid "$UP_PID"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

build() {  # the zip and the bench jar, with one Maven build at the root when asked or when one is missing
  local need=0 zips=("$ROOT"/distribution/target/sse-gateway-*.zip)
  [ -z "${GATEWAY_ZIP:-}" ] || zips=("$GATEWAY_ZIP")
  case ${BUILD:-auto} in
    always) need=1 ;;
    never) ;;
    auto) [ -f "$JAR" ] && [ -f "${zips[0]}" ] || need=1 ;;
    *) die "BUILD must be auto, always or never (got: $BUILD)" ;;
  esac
  if (( need )); then
    command -v mvn >/dev/null 2>&1 || die "needs Maven (mvn) on PATH to build the zip and the bench jar"
    log "building: mvn -q -ntp -DskipTests package (in $ROOT; log $RUN/build.log)"
    (cd "$ROOT" && mvn -B -q -ntp -DskipTests package) > "$RUN/build.log" 2>&1 \
      || { tail -n 30 "$RUN/build.log" >&2; die "the build failed (see $RUN/build.log)"; }
    [ -n "${GATEWAY_ZIP:-}" ] || zips=("$ROOT"/distribution/target/sse-gateway-*.zip)
  else
    log "using the existing build (BUILD=always rebuilds): $(date -r "$JAR" '+%F %T') bench jar"
  fi
  [ -f "$JAR" ] || die "no $JAR (BUILD=always builds it)"
  [ -f "${zips[0]}" ] || die "no zip ${GATEWAY_ZIP:-in $ROOT/distribution/target (BUILD=always builds it)}"
  [ ${#zips[@]} = 1 ] || die "more than one zip in $ROOT/distribution/target; run mvn clean"
  local dest=$TARGET/gateway
  rm -rf "$dest" && mkdir -p "$dest" || die "cannot create $dest"
  if command -v unzip >/dev/null 2>&1; then unzip -q "${zips[0]}" -d "$dest" || die "unzip failed"
  else (cd "$dest" && "$JAVA_HOME/bin/jar" xf "${zips[0]}") && chmod +x "$dest"/*/bin/sse-gateway || die "jar xf failed"
  fi
  local homes=("$dest"/*/)   # the zip's one top folder (whatever the zip file is called)
  GATEWAY_HOME=${homes[0]%/}
  [ -x "$GATEWAY_HOME/bin/sse-gateway" ] || die "no bin/sse-gateway in ${zips[0]}"
}

setup() {
  mkdir -p "$OUT" "$RUN" || die "cannot create $OUT"
  command -v curl >/dev/null 2>&1 || die "needs curl"
  local hard; hard=$(ulimit -Hn)
  [ "$hard" = unlimited ] && hard=1048576
  ulimit -n "$hard" 2>/dev/null || log "could not raise the open-files limit to $hard (it is $(ulimit -n))"
  local s want=()
  for s in $SYSTEMS; do
    case $s in
      direct|gateway|gateway-transform|jdk-relay|jdk-fanout|helidon-fanout) want+=("$s") ;;
      nginx) if command -v nginx >/dev/null 2>&1; then want+=(nginx); else log "nginx is not on PATH: nginx skipped"; fi ;;
      *) die "unknown system $s (direct nginx gateway gateway-transform jdk-relay jdk-fanout helidon-fanout)" ;;
    esac
  done
  SYSTEMS="${want[*]}"
  for p in $UP_PORT $NGINX_PORT $RELAY_PORT $GATEWAY_PORT $GATEWAY_ADMIN_PORT; do port_busy "$p" && die "port $p is already in use"; done
  { echo "date: $(date -Is)"; echo "kernel: $(uname -r), cores: $(nproc), ulimit -n: $(ulimit -n)"
    echo "java: $JAVA_HOME"; "$JAVA" -version 2>&1 | head -1; echo "gateway JAVA_OPTS: ${JAVA_OPTS:-}"; echo "proxy warm-up (PROXY_WARM): $PROXY_WARM s"; echo "origin and client threads (TOOL_THREADS): $TOOL_THREADS"
    command -v nginx >/dev/null 2>&1 && nginx -v 2>&1
    git -C "$ROOT" log -1 --format='commit: %h %s' 2>/dev/null
    [ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ] && echo "working tree: modified"; } > "$OUT/$STAMP.env.txt"
}

start_upstream() {
  "$JAVA" -cp "$JAR" io.ssegateway.bench.BenchOrigin --port $UP_PORT $TOOL_FLAG > "$RUN/origin.log" 2>&1 &
  UP_PID=$!
  wait_port $UP_PORT $UP_PID || die "the origin did not start (see $RUN/origin.log)"
  log "origin pid $UP_PID; warming its JIT for 5 s"
  "$JAVA" -cp "$JAR" io.ssegateway.bench.LoadClient $TOOL_FLAG --url "http://127.0.0.1:$UP_PORT/events?rate=0&size=200&maxs=15" \
    --conns 20 --duration 5 --warmup 1 > "$RUN/warmup.out" 2>&1 || die "warm-up run failed (see $RUN/warmup.out)"
}

gateway_conf() {  # $1 = extra keys of both routes; /shared (S5) shares one origin stream among equal requests
  cat <<CONF
# written by distribution/bench/run.sh
server { host = "127.0.0.1", port = $GATEWAY_PORT }
admin { port = $GATEWAY_ADMIN_PORT }
demo-upstream { enabled = false }
routes = [
  { id = "events", path = "/events", upstreams = ["http://127.0.0.1:$UP_PORT"] $1}
  { id = "shared", path = "/shared", strip-prefix = true, upstreams = ["http://127.0.0.1:$UP_PORT"], share { } $1}
]
CONF
}

start_proxy() {  # sets PORT, PROXY_MAIN, PROXY_PIDS
  case $1 in
    direct) PORT=$UP_PORT; PROXY_MAIN=""; PROXY_PIDS=""; return ;;
    nginx)
      mkdir -p "$RUN/nginx"
      nginx -p "$RUN/nginx" -c "$BENCH/nginx.conf" > "$RUN/nginx/stdout.log" 2>&1 &
      PROXY_MAIN=$!; PORT=$NGINX_PORT ;;
    jdk-relay)   # the gateway's JVM flags (bin/sse-gateway), without its AOT cache
      local flags="-XX:+UseSerialGC -Xmn48m -Xss256k -XX:MaxRAMPercentage=25 -Djdk.pollerMode=1"
      "$JAVA" -XX:+UseCompactObjectHeaders -version > /dev/null 2>&1 && flags="$flags -XX:+UseCompactObjectHeaders -XX:TrimNativeHeapInterval=2000"
      # shellcheck disable=SC2086
      "$JAVA" $flags ${JAVA_OPTS:-} -cp "$JAR" io.ssegateway.bench.BareRelay --port $RELAY_PORT --upstream 127.0.0.1:$UP_PORT \
        >> "$RUN/jdk-relay.log" 2>&1 &
      PROXY_MAIN=$!; PORT=$RELAY_PORT ;;
    jdk-fanout|helidon-fanout)   # S5's floor: the same JVM flags as jdk-relay
      local flags="-XX:+UseSerialGC -Xmn48m -Xss256k -XX:MaxRAMPercentage=25 -Djdk.pollerMode=1"
      "$JAVA" -XX:+UseCompactObjectHeaders -version > /dev/null 2>&1 && flags="$flags -XX:+UseCompactObjectHeaders -XX:TrimNativeHeapInterval=2000"
      # shellcheck disable=SC2086
      "$JAVA" $flags ${JAVA_OPTS:-} -cp "$JAR" io.ssegateway.bench.BareFanout --port $RELAY_PORT --upstream 127.0.0.1:$UP_PORT \
        --server "${1%-fanout}" ${FANOUT_WATCH:+--watch} >> "$RUN/$1.log" 2>&1 &
      PROXY_MAIN=$!; PORT=$RELAY_PORT ;;
    gateway|gateway-transform)
      local conf=$RUN/$1.conf
      if [ "$1" = gateway ]; then gateway_conf "" > "$conf"
      else gateway_conf ', transforms = [ { type = "rename-event", from = "message", to = "tick" } ] ' > "$conf"
      fi
      JAVA_OPTS="${JAVA_OPTS:-}" "$GATEWAY_HOME/bin/sse-gateway" --config "$conf" >> "$RUN/$1.log" 2>&1 &
      PROXY_MAIN=$!; PORT=$GATEWAY_PORT ;;
  esac
  wait_port $PORT $PROXY_MAIN || die "$1 did not start (see the logs in $RUN)"
  PROXY_PIDS="$PROXY_MAIN $(children "$PROXY_MAIN" | tr '\n' ' ')"   # nginx: master + workers; the launcher execs java
}

prime_aot_cache() {  # a user's gateway runs from the AOT cache after its first start (Java 25+): so do the measured ones
  [ "${SSE_GATEWAY_AOT:-on}" = off ] && return 0
  local conf=$RUN/prime.conf pid i
  gateway_conf "" > "$conf"
  log "first start of the unzipped gateway, to record its AOT cache (if its Java has one)"
  JAVA_OPTS="${JAVA_OPTS:-}" "$GATEWAY_HOME/bin/sse-gateway" --config "$conf" > "$RUN/prime.log" 2>&1 &
  pid=$!
  wait_port $GATEWAY_PORT $pid || die "the gateway did not start (see $RUN/prime.log)"
  sleep 3   # its start-up warm-up streams run meanwhile, so their classes are in the cache
  kill -TERM $pid
  for i in $(seq 120); do kill -0 $pid 2>/dev/null || break; sleep 0.5; done   # the JVM writes the cache as it exits
  kill -0 $pid 2>/dev/null && { kill -KILL $pid; die "the first gateway start did not stop (see $RUN/prime.log)"; }
  ls "$GATEWAY_HOME"/cache/*.aot >/dev/null 2>&1 && log "AOT cache: $(ls "$GATEWAY_HOME"/cache/*.aot)"
  return 0
}

upstream_open() { curl -s --max-time 2 "http://127.0.0.1:$UP_PORT/stats" | sed -n 's/.*"active":\([0-9]*\).*/\1/p'; }
upstream_streams() { curl -s --max-time 2 "http://127.0.0.1:$UP_PORT/stats" | sed -n 's/.*"streams":\([0-9]*\).*/\1/p'; }  # opened so far

wait_origin_drained() {  # origin streams still open DRAIN s after the clients left: a proxy that leaks them
  local i n
  for i in $(seq $((DRAIN * 2))); do n=$(upstream_open); [ "${n:-1}" = 0 ] && break; sleep 0.5; done
  echo "${n:-null}"
}

wait_quiet() {  # other tenants of this machine skew results: wait up to QUIET_WAIT s for them to use < 0.1 core
  local i o
  for i in $(seq $(( (QUIET_WAIT + 2) / 3 ))); do
    proc_ticks > "$RUN/q0"; sleep 3; proc_ticks > "$RUN/q1"
    o=$(other_ticks "$RUN/q0" "$RUN/q1")
    (( o * 10 < 3 * TICK )) && return 0
    (( i == 1 )) && log "other processes use $(calc %.2f "$o/$TICK/3") cores; waiting up to $QUIET_WAIT s for quiet"
  done
  (( QUIET_WAIT > 0 )) && log "still not quiet; running anyway (other_cpu_s records it)"
}

warm_proxy() {  # $1 scenario, $2 system, $3 run: PROXY_WARM s of the same load first, so a JVM is measured warm
  (( PROXY_WARM > 0 )) && [ "$2" != direct ] || return 0
  case $1 in S1|S2|S4) ;; S3) [ "${WARM_S3:-0}" = 1 ] || return 0 ;; *) return 0 ;; esac   # S3's RSS growth would start from the warm-up's heap (WARM_S3=1: warm anyway, for its CPU)
  log "$1 $2 run $3: $PROXY_WARM s of the same load first (PROXY_WARM)"
  "$JAVA" -cp "$JAR" io.ssegateway.bench.LoadClient $TOOL_FLAG --url "http://127.0.0.1:$PORT/events?$Q&maxs=$((PROXY_WARM + 30))" \
    --conns $CONNS --ramp $RAMP --duration $PROXY_WARM --warmup 1 > "$RUN/$1-$2-$3.warm.out" 2>&1 \
    || log "the warm-up load failed (see $RUN/$1-$2-$3.warm.out)"
  wait_origin_drained > /dev/null
}

run_one() {
  local sc=$1 sys=$2 rep=$3
  start_proxy "$sys"
  warm_proxy "$sc" "$sys" "$rep"
  local ramp_s=$(( RAMP > 0 ? CONNS / RAMP : 0 ))
  local maxs=$(( ramp_s + ${DUR%.*} + 30 ))   # the origin ends every stream by itself after this
  local path=/events
  [ "$sc" = S5 ] && [[ $sys == gateway* ]] && path=/shared/events   # the gateway's clients share one origin stream
  local args=(--url "http://127.0.0.1:$PORT$path?$Q&maxs=$maxs" --conns $CONNS --ramp $RAMP
              --duration $DUR --warmup $WARM --label "$sc/$sys/$rep")
  [ -n "$BIND" ] && args+=(--bind "$BIND")
  [ "$sc" = S5 ] && args+=(--join-live)   # a client joining a shared stream starts at its live id: not a loss
  # S5's 5,000 streams of small events are read by 2 selector threads (S5_SELECTORS=0: a thread per stream, as before)
  [ "$sc" = S5 ] && (( ${S5_SELECTORS:-2} > 0 )) && args+=(--selectors "${S5_SELECTORS:-2}")
  wait_quiet
  log "$sc $sys run $rep: ${args[*]}"
  local rss0 peak=0 r p0 u0 b0 p1 u1 b1 deadline rc s0 s1 w0 w1
  s0=$(upstream_streams)
  rss0=$(rss_kb $PROXY_PIDS); p0=$(cpu_ticks $PROXY_PIDS); u0=$(cpu_ticks $UP_PID); b0=$(busy_ticks); w0=$(date +%s%N)
  "$JAVA" -cp "$JAR" io.ssegateway.bench.LoadClient $TOOL_FLAG "${args[@]}" > "$RUN/$sc-$sys-$rep.out" 2> "$RUN/$sc-$sys-$rep.err" &
  CLIENT_PID=$!
  proc_ticks > "$RUN/t0"
  deadline=$(( $(date +%s) + ramp_s + ${DUR%.*} + 60 ))
  while kill -0 $CLIENT_PID 2>/dev/null; do
    r=$(rss_kb $PROXY_PIDS); (( r > peak )) && peak=$r
    (( $(date +%s) > deadline )) && { log "client overran, stopping it"; kill $CLIENT_PID; }
    sleep 0.5
  done
  wait $CLIENT_PID; rc=$?
  p1=$(cpu_ticks $PROXY_PIDS); u1=$(cpu_ticks $UP_PID); b1=$(busy_ticks); w1=$(date +%s%N)
  proc_ticks > "$RUN/t1"
  s1=$(upstream_streams)
  local other; other=$(other_ticks "$RUN/t0" "$RUN/t1"); CLIENT_PID=""
  local left; left=$(wait_origin_drained)
  stop_proxy
  (( left > 0 )) 2>/dev/null && { log "$left origin streams still open; waiting for the origin to end them"; sleep $(( maxs - ${DUR%.*} - ramp_s )); }
  local client; client=$(tail -n 1 "$RUN/$sc-$sys-$rep.out")
  [[ $rc == 0 && $client == "{"* ]] || { log "client failed (rc $rc), see $RUN/$sc-$sys-$rep.*"; client="{\"rc\":$rc}"; }
  echo "{\"scenario\":\"$sc\",\"system\":\"$sys\",\"run\":$rep,\"conns\":$CONNS,\"query\":\"$Q\"$(
    [ -n "$PROXY_PIDS" ] && printf ',"proxy_rss_idle_mb":%s,"proxy_rss_peak_mb":%s,"proxy_cpu_s":%s' \
      "$(calc %.1f "$rss0/1024")" "$(calc %.1f "$peak/1024")" "$(calc %.2f "($p1-$p0)/$TICK")"
    ),\"run_s\":$(calc %.2f "($w1-$w0)/1e9"),\"upstream_streams\":$(( ${s1:-0} - ${s0:-0} )),\"upstream_cpu_s\":$(calc %.2f "($u1-$u0)/$TICK"),\"machine_busy_cpu_s\":$(calc %.2f "($b1-$b0)/$TICK"),\"other_cpu_s\":$(calc %.2f "$other/$TICK"),\"proxy_warm_s\":$PROXY_WARM,\"drain_s\":$DRAIN,\"upstream_open_after\":$left,\"client\":$client}" >> "$RAW"
  PROXY_PIDS=""
  tail -n 3 "$RUN/$sc-$sys-$rep.out" | head -n 2 >&2
}

run_start() {  # launch of bin/sse-gateway (shipped config) to the first event through its demo route
  local rep=$1 port=8080 envs=() p busy=""
  for p in $START_PORTS; do port_busy "$p" && busy="$busy $p"; done
  if [ -n "$busy" ]; then   # the same config with its three ports moved by environment overrides
    port=18186
    envs=(SERVER_PORT=18186 ADMIN_PORT=18187 DEMO_UPSTREAM_PORT=18188 ROUTES_0_UPSTREAMS_0=http://127.0.0.1:18188)
    for p in 18186 18187 18188; do port_busy "$p" && die "START: ports$busy and $p are in use"; done
    log "START: port(s)$busy in use; moving the shipped config to ports 18186 (admin 18187, demo 18188) by environment"
  fi
  wait_quiet
  log "START run $rep: $GATEWAY_HOME/bin/sse-gateway -> first event on http://127.0.0.1:$port/events"
  env ${envs[@]+"${envs[@]}"} JAVA_OPTS="${JAVA_OPTS:-}" "$JAVA" -cp "$JAR" io.ssegateway.bench.FirstEvent \
    --url "http://127.0.0.1:$port/events" --timeout 60 --log "$RUN/START-$rep.log" -- "$GATEWAY_HOME/bin/sse-gateway" \
    > "$RUN/START-$rep.out" 2>&1 &
  START_PID=$!
  local deadline=$(( $(date +%s) + 100 )) rc
  while kill -0 $START_PID 2>/dev/null; do
    (( $(date +%s) > deadline )) && { log "START overran, stopping it"; kill $START_PID; }
    sleep 0.1
  done
  wait $START_PID; rc=$?; START_PID=""
  local res; res=$(tail -n 1 "$RUN/START-$rep.out")
  [[ $res == "{"* ]] || { log "START failed (rc $rc), see $RUN/START-$rep.*"; res="{\"error\":\"rc $rc\"}"; }
  echo "{\"scenario\":\"START\",\"system\":\"gateway\",\"run\":$rep,\"start\":$res}" >> "$RAW"
  log "START run $rep: $res"
}

main() {
  local scenarios=("$@") sc rep sys
  [ ${#scenarios[@]} -gt 0 ] || scenarios=(S1 S2 S3 S4 START)
  for sc in "${scenarios[@]}"; do scenario "$sc"; done   # validate names first
  SYSTEMS=${SYSTEMS:-"direct nginx gateway gateway-transform"}
  setup
  build
  prime_aot_cache
  for sc in "${scenarios[@]}"; do
    scenario "$sc"
    (( CONNS * 2 + 1000 > $(ulimit -n) )) && log "warning: $sc needs about $(( CONNS * 2 + 1000 )) open files per proxy; the limit is $(ulimit -n)"
  done
  for sc in "${scenarios[@]}"; do [ "$sc" = START ] || { start_upstream; break; }; done   # START needs no origin
  for sc in "${scenarios[@]}"; do
    scenario "$sc"
    for rep in $(seq "$REPS"); do
      if [ "$sc" = START ]; then run_start "$rep"; continue; fi
      for sys in $SYSTEMS; do
        [[ $sys == *-fanout && $sc != S5 ]] && { log "$sys is S5's floor only: not run in $sc"; continue; }
        run_one "$sc" "$sys" "$rep"
      done   # interleaved, so drift hits all systems
    done
  done
  [ -s "$RAW" ] || die "no results"
  "$JAVA" -cp "$JAR" io.ssegateway.bench.Report "$RAW" > "$OUT/$STAMP.md" || die "the report failed"
  echo
  cat "$OUT/$STAMP.md"
  log "raw results: $RAW; table: $OUT/$STAMP.md; logs: $RUN"
}

main "$@"
