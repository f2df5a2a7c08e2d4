#!/usr/bin/env bash
# Echo servers side by side: the demo's echo service (its ConnectionHandler on platform and virtual
# threads, its Netty initializer on the Netty engine, and its MessageHandler on each), bare Netty on one NIO or epoll event loop, a bare virtual-thread echo, and a C epoll echo,
# loaded by a C epoll generator (benchmarks/c/loadgen.c); then the demo's start time
# (benchmarks/startup.sh). Servers run on CPU 0, the generator on CPU 1. Loopback only; every step
# is bounded. Writes benchmarks/target/results.md and benchmarks/target/echo.png; exits 1 when a
# server did not start, failed round trips, dropped held connections, or a start-time cell failed. See benchmarks/README.md.
#
#   bash benchmarks/run.sh              the full run: about 85-100 min on 2 cores
#   QUICK=1 bash benchmarks/run.sh      a short look: 1 round, 2 s cells, 1 start per cell
#
# Knobs (environment): ROUNDS=3 ROUNDS_TCP1=2 CELL_SECONDS=8 CELL_WARMUP=2 SERVER_WARMUP=5 IDLE=10000
#   SERVERS="netty-nio c-epoll" runs only the named servers (ONLY= is the same; ratios need netty-nio)
#   ROWS="tcp16 udp16 start" runs only the named rows, of: tcp1 tcp16 tcp64 tcp256 tcp16x16k conn16
#     udp16 memory start, and the TLS rows tls16 tls16x16k tlsconn16 (run on the *-tls-* servers only,
#     which run nothing else)
#   BUSY_POLL=1: the generator polls without sleeping (loadgen -b)
#   PAIRED="B A": the paired ruler, B over A: both servers up at once, each cell in short stints that
#     alternate between them (PAIRS=10 of PAIR_SECONDS=2 per cell and start, ROUNDS starts, each server
#     warmed up for PAIR_SERVER_WARMUP=60 s): benchmarks/README.md
#   BUILD=0: skip the Maven build (the jars as they are: build first, e.g. to keep a locked run short)
#   DEMO_EXTRA="--spring.profiles.active=observe": more arguments for every demo server, to measure a switch
#   STARTS=5: starts per start-time cell
#   QUIET=0.2 for a shared machine: before each try of a cell, wait (QUIET_WAIT=30 s at most) for the
#   CPU pressure (PSI some avg10) to fall below 20%, and retry a cell whose own pressure was above it,
#   3 tries at most, keeping the least disturbed. Off by default: it can triple the run time.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${QUICK:-}" ] && [ "${QUICK}" != 0 ]; then
  : "${ROUNDS:=1}" "${ROUNDS_TCP1:=1}" "${CELL_SECONDS:=2}" "${CELL_WARMUP:=0.5}" "${SERVER_WARMUP:=2}" "${IDLE:=2000}" "${STARTS:=1}"
fi
ROUNDS=${ROUNDS:-3}
ROUNDS_TCP1=${ROUNDS_TCP1:-2} # one connection is latency-bound, not a ranking row: fewer rounds
CELL_SECONDS=${CELL_SECONDS:-8}
CELL_WARMUP=${CELL_WARMUP:-2}
SERVER_WARMUP=${SERVER_WARMUP:-5}
IDLE=${IDLE:-10000}
ONLY=${SERVERS:-${ONLY:-}}
ROWS=${ROWS:-tcp1 tcp16 tcp64 tcp256 tcp16x16k conn16 udp16 tls16 tls16x16k tlsconn16 memory start}
BUSY_POLL=${BUSY_POLL:-}
export STARTS=${STARTS:-5}
QUIET=${QUIET:-}
QUIET_WAIT=${QUIET_WAIT:-30}
OUT=benchmarks/target
PORT=27190 # each server start takes the next port, so no start waits for an old socket
wants() { [[ " $ROWS " == *" $1 "* ]]; }
broken=0 # a server that did not start or failed round trips: the run exits 1

started_at=$(date +%s)
JDK25=/usr/lib/jvm/temurin-25-jdk-amd64
if [ -x "$JDK25/bin/java" ]; then export JAVA_HOME=$JDK25; fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JCMD="${JAVA_HOME:+$JAVA_HOME/bin/}jcmd"
feature=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${feature%%.*}" -lt 21 ] 2>/dev/null; then
  echo "run.sh needs JDK 21+ (virtual threads, the benchmarks module's release 21): found $feature" >&2
  exit 1
fi

SERVER_CPU=() ; LOAD_CPU=()
if command -v taskset >/dev/null; then SERVER_CPU=(taskset -c 0); LOAD_CPU=(taskset -c 1); fi

idle_note=""
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
limit=$(ulimit -n)
if [ "$limit" != unlimited ] && [ "$limit" -lt $((IDLE + 500)) ]; then
  IDLE=$((limit - 500)); [ "$IDLE" -gt 0 ] || IDLE=100
  idle_note="ulimit -n is $limit: $IDLE idle connections held instead of 10000"
  echo "note: $idle_note"
fi

if [ "${BUILD:-1}" = 0 ]; then
  echo "== build skipped (BUILD=0): the jars in demo/target and $OUT as they are"
else
  echo "== build"
  mvn -B -q -Pbenchmarks package -DskipTests 2>&1 | grep -v '^WARNING: .*\(Unsafe\|sun.misc\)' || true
fi
[ -f demo/target/listener-demo.jar ] && [ -f "$OUT/listener-benchmarks.jar" ] || { echo "build failed" >&2; exit 1; }
# the generator's TLS (-T) is OpenSSL's libssl: its headers come with Debian's libssl-dev
if [ ! -f /usr/include/openssl/ssl.h ]; then
  echo "run.sh needs libssl-dev for the generator's TLS (apt-get install libssl-dev)" >&2; exit 1
fi
cc -O2 -Wall -o "$OUT/loadgen" benchmarks/c/loadgen.c -lssl -lcrypto
cc -O2 -Wall -o "$OUT/echo_server" benchmarks/c/echo_server.c
TOOLS="$OUT/listener-benchmarks.jar:$OUT/lib/*"
# the TLS servers' key: a self-signed P-256 certificate, new for each run
mkdir -p "$OUT/tls"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$OUT/tls/server.key" \
  -out "$OUT/tls/server.crt" -days 2 -subj /CN=localhost > "$OUT/tls/openssl.log" 2>&1 \
  || { echo "openssl could not make the TLS certificate: $(tail -1 "$OUT/tls/openssl.log")" >&2; exit 1; }
# and one for each server name of the SNI server (demo-netty-epoll-tls-sni), P-256 as well
for sni in a b; do
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$OUT/tls/$sni.key" \
    -out "$OUT/tls/$sni.crt" -days 2 -subj "/CN=$sni.bench.test" -addext "subjectAltName=DNS:$sni.bench.test" \
    >> "$OUT/tls/openssl.log" 2>&1 || { echo "openssl could not make the $sni.bench.test certificate: $(tail -1 "$OUT/tls/openssl.log")" >&2; exit 1; }
done
LOADGEN="$OUT/loadgen"

# ---- the servers: one line each. A later engine is one more line.
# name | kind (jvm: NMT and live heap; native: RSS) | demo property it needs ("-": none) | TCP command ("-": none) | UDP command ("-": none)
# demo-io-uring has no TCP command: Netty's io_uring cannot serve a stream socket the starter bound
# @JVM@ is java with the flags every JVM server gets; @DEMO@ the demo on 127.0.0.1; @UDP@ the demo's
# datagram listener; @TOOLS@ the benchmarks classpath; @PORT@ the port of this start.
SERVER_TABLE='
demo-platform | jvm    | -               | @DEMO@ --demo.echo=connection --listener.threads.max=@THREADS@ | @DEMO@ @UDP@ --demo.echo=connection
demo-virtual  | jvm    | -               | @DEMO@ --demo.echo=connection --spring.threads.virtual.enabled=true | @DEMO@ @UDP@ --demo.echo=connection --spring.threads.virtual.enabled=true
demo-netty-nio   | jvm | listener.engine | @DEMO@ --demo.echo=netty --listener.engine=netty --listener.netty.transport=nio | @DEMO@ @UDP@ --demo.echo=netty --listener.engine=netty --listener.netty.transport=nio
demo-netty-epoll | jvm | listener.engine | @DEMO@ --demo.echo=netty --listener.engine=netty --listener.netty.transport=epoll | @DEMO@ @UDP@ --demo.echo=netty --listener.engine=netty --listener.netty.transport=epoll
demo-msg-platform | jvm | listener.message.blocking | @DEMO@ --listener.engine=blocking --listener.threads.max=@THREADS@ | @DEMO@ @UDP@ --listener.engine=blocking
demo-msg-virtual  | jvm | listener.message.blocking | @DEMO@ --listener.engine=blocking --spring.threads.virtual.enabled=true | @DEMO@ @UDP@ --listener.engine=blocking --spring.threads.virtual.enabled=true
demo-msg-netty-nio   | jvm | listener.message.blocking | @DEMO@ --listener.engine=netty --listener.netty.transport=nio | @DEMO@ @UDP@ --listener.engine=netty --listener.netty.transport=nio
demo-msg-netty-epoll | jvm | listener.message.blocking | @DEMO@ --listener.engine=netty --listener.netty.transport=epoll | @DEMO@ @UDP@ --listener.engine=netty --listener.netty.transport=epoll
demo-msg-netty-epoll-obs | jvm | listener.observations.enabled | @DEMO@ --listener.engine=netty --listener.netty.transport=epoll @OBS@ | -
demo-msg-virtual-obs | jvm | listener.observations.enabled | @DEMO@ --listener.engine=blocking --spring.threads.virtual.enabled=true @OBS@ | -
demo-netty-epoll-limits | jvm | listener.limits.max-accept-rate | @DEMO@ --demo.echo=netty --listener.engine=netty --listener.netty.transport=epoll @LIMITS@ | -
demo-io-uring    | jvm | listener.engine | - | @DEMO@ @UDP@ --demo.echo=netty --listener.engine=netty --listener.netty.transport=io-uring
netty-nio     | jvm    | -               | @JVM@ -cp @TOOLS@ dev.listener.benchmarks.NettyEchoServer @PORT@ nio tcp | @JVM@ -cp @TOOLS@ dev.listener.benchmarks.NettyEchoServer @PORT@ nio udp
netty-epoll   | jvm    | -               | @JVM@ -cp @TOOLS@ dev.listener.benchmarks.NettyEchoServer @PORT@ epoll tcp | @JVM@ -cp @TOOLS@ dev.listener.benchmarks.NettyEchoServer @PORT@ epoll udp
vthreads      | jvm    | -               | @JVM@ -cp @TOOLS@ dev.listener.benchmarks.VirtualThreadEchoServer @PORT@ tcp | @JVM@ -cp @TOOLS@ dev.listener.benchmarks.VirtualThreadEchoServer @PORT@ udp
c-epoll       | native | -               | @OUT@/echo_server @PORT@ tcp | @OUT@/echo_server @PORT@ udp
demo-netty-epoll-tls-jdk     | jvm | listener.ssl.provider | @DEMO@ --demo.echo=netty --listener.engine=netty --listener.netty.transport=epoll @TLS@ --listener.ssl.provider=jdk | -
demo-netty-epoll-tls-openssl | jvm | listener.ssl.provider | @DEMO@ --demo.echo=netty --listener.engine=netty --listener.netty.transport=epoll @TLS@ --listener.ssl.provider=openssl | -
demo-netty-epoll-tls-sni     | jvm | listener.ssl.server-name-bundles | @DEMO@ --demo.echo=netty --listener.engine=netty --listener.netty.transport=epoll @TLS@ @SNI@ --listener.ssl.provider=jdk | -
netty-epoll-tls-jdk     | jvm    | -               | @JVM@ -cp @TOOLS@ dev.listener.benchmarks.NettyEchoServer @PORT@ epoll tls-jdk @OUT@/tls/server.crt @OUT@/tls/server.key | -
netty-epoll-tls-openssl | jvm    | -               | @JVM@ -cp @TOOLS@ dev.listener.benchmarks.NettyEchoServer @PORT@ epoll tls-openssl @OUT@/tls/server.crt @OUT@/tls/server.key | -
'
BASELINE=netty-nio
# run only when SERVERS names them, each the cost of a switch against the server without it (A_B below):
# the observation (@OBS@), the limits per client and on accepting (@LIMITS@), TLS by server name (@SNI@)
OPT_IN="demo-msg-netty-epoll-obs demo-msg-virtual-obs demo-netty-epoll-limits demo-netty-epoll-tls-sni"
# the pairs "B/A" that the report compares: B is A with one switch on
A_B="demo-msg-netty-epoll-obs/demo-msg-netty-epoll demo-msg-virtual-obs/demo-msg-virtual
  demo-netty-epoll-limits/demo-netty-epoll demo-netty-epoll-tls-sni/demo-netty-epoll-tls-jdk"
# a span per connection through Boot's OpenTelemetry tracing, every connection sampled, no exporter
# (the demo keeps tracing out of its default run; the observe profile would also print every span)
OBS_ARGS="--spring.autoconfigure.exclude= --listener.observations.enabled=true --management.tracing.sampling.probability=1.0"
JVM_FLAGS="-XX:NativeMemoryTracking=summary --enable-native-access=ALL-UNNAMED"
DEMO_ARGS="-jar demo/target/listener-demo.jar --listener.port=@PORT@ --listener.host=127.0.0.1
  --spring.main.web-application-type=none --logging.level.root=warn --listener.connection.max=$((IDLE + 1000))"
DEMO_ARGS+="${DEMO_EXTRA:+ $DEMO_EXTRA}" # e.g. DEMO_EXTRA=--listener.observations.enabled=true: a switch on every demo server
DEMO_UDP="--listener.socket-type=dgram --listener.protocol=udp"
# every limit on, at bounds no row reaches (the memory row holds IDLE connections from 127.0.0.1; conn16
# spreads its connections over 200 addresses), so that what is measured is the bookkeeping: the table of
# clients and the accept rate's counting, on every connection
LIMITS_ARGS="--listener.limits.per-client.max-connections=$((IDLE + 1000)) --listener.limits.per-client.max-new-connections=1000000
  --listener.limits.max-accept-rate=1000000"
DEMO_TLS="--listener.ssl.bundle=bench --spring.ssl.bundle.pem.bench.keystore.certificate=file:$OUT/tls/server.crt
  --spring.ssl.bundle.pem.bench.keystore.private-key=file:$OUT/tls/server.key"
# two server names, each with its bundle; the generator asks for the first (SNI_NAME), so each handshake
# goes through the lookup and gets a.bench.test's certificate, not the default one
SNI_ARGS="--listener.ssl.server-name-bundles[0].server-name=a.bench.test --listener.ssl.server-name-bundles[0].bundle=a
  --listener.ssl.server-name-bundles[1].server-name=b.bench.test --listener.ssl.server-name-bundles[1].bundle=b"
for sni in a b; do
  SNI_ARGS+=" --spring.ssl.bundle.pem.$sni.keystore.certificate=file:$OUT/tls/$sni.crt"
  SNI_ARGS+=" --spring.ssl.bundle.pem.$sni.keystore.private-key=file:$OUT/tls/$sni.key"
done
SNI_NAME=a.bench.test

# TCP cells: name, generator arguments
CELLS=("tcp1:-m tcp -c 1 -s 64" "tcp16:-m tcp -c 16 -s 64" "tcp64:-m tcp -c 64 -s 64" "tcp256:-m tcp -c 256 -s 64"
       "tcp16x16k:-m tcp -c 16 -s 16384" "conn16:-m conn -c 16"
       "tls16:-m tcp -c 16 -s 64 -T" "tls16x16k:-m tcp -c 16 -s 16384 -T" "tlsconn16:-m conn -c 16 -T")
UDP_CELL="udp16:-m udp -c 16 -t 200"

mkdir -p "$OUT"
RAW="$OUT/raw.txt" ; MEM="$OUT/memory.txt" ; SKIP="$OUT/skipped.txt"
: > "$RAW" ; : > "$MEM" ; : > "$SKIP"

server="" ; holder="" ; gen_sni=""
stop() {
  if [ -n "$holder" ]; then kill "$holder" 2>/dev/null || true; wait "$holder" 2>/dev/null || true; fi
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  server="" ; holder=""
}
trap stop EXIT
trap 'exit 130' INT TERM

field() { sed 's/^ *//; s/ *$//' <<<"$(cut -d'|' -f"$2" <<<"$1")"; }

# the command line of a server line's field 4 (TCP) or 5 (UDP), placeholders filled in
command_of() {
  local text; text=$(field "$1" "$2")
  [ "$text" = - ] && return 0
  text=${text//@DEMO@/@JVM@ $DEMO_ARGS}
  # connection.* is for stream listeners: the starter refuses it on a dgram one
  [ "$2" = 5 ] && text=${text// --listener.connection.max=$((IDLE + 1000))/}
  text=${text//@UDP@/$DEMO_UDP}
  text=${text//@OBS@/$OBS_ARGS}
  text=${text//@TLS@/$DEMO_TLS}
  text=${text//@LIMITS@/$LIMITS_ARGS}
  text=${text//@SNI@/$SNI_ARGS}
  text=${text//@JVM@/$JAVA $JVM_FLAGS}
  text=${text//@TOOLS@/$TOOLS}
  text=${text//@OUT@/$OUT}
  text=${text//@THREADS@/$((IDLE + 100))}
  text=${text//@PORT@/$PORT}
  echo "$text"
}

# whether the demo's configuration metadata knows a property, so that a flag it would silently
# ignore does not pass the default engine off as another
demo_knows() {
  local tmp; tmp=$(mktemp -d)
  unzip -q -o demo/target/listener-demo.jar 'BOOT-INF/lib/listener-spring-boot-autoconfigure-*.jar' -d "$tmp" 2>/dev/null || true
  local found=1
  for jar in "$tmp"/BOOT-INF/lib/*.jar; do
    [ -f "$jar" ] && unzip -p "$jar" META-INF/spring-configuration-metadata.json 2>/dev/null | grep -q "\"$1\"" && found=0
  done
  rm -rf "$tmp"
  return $found
}

# what a server that exited during startup said: Boot's failure report when there is one
why_not_started() {
  local reason
  reason=$(awk '/^Description:/ { d = 1; next }
    d && NF && !seen { seen = 1; r = /following reason:$/; sub(/ \(originating from .*/, ""); printf "%s", $0; next }
    r && NF { printf ": %s", $0; exit }' "$1")
  [ -n "$reason" ] || reason=$(grep -m1 -iE 'error|exception|unknown|fail' "$1")
  echo "$reason" | cut -c1-240
}

# start a server (TCP or UDP) on a new port; waits at most 60 s for the port; 1 if it did not come up
start_server() {
  local name=$1 line=$2 column=$3 proto=$4
  PORT=$((PORT + 1))
  local cmd; cmd=$(command_of "$line" "$column")
  local log="$OUT/$name-$proto.log"
  set -f # the command is words without spaces inside them; the classpath's * is for java
  # shellcheck disable=SC2086
  "${SERVER_CPU[@]}" $cmd > "$log" 2>&1 &
  server=$!
  set +f
  local flag=-ltn ; [ "$proto" = udp ] && flag=-lun
  for _ in $(seq 1 600); do
    # the starter binds while its context refreshes: a start that then fails had the port for a moment
    ss -H "$flag" "sport = :$PORT" | grep -q . && sleep 2 && kill -0 "$server" 2>/dev/null && return 0
    if ! kill -0 "$server" 2>/dev/null; then
      wait "$server" 2>/dev/null || true
      echo "$name, $proto: exited during startup ($(why_not_started "$log"))" | tee -a "$SKIP"
      server="" ; broken=1 ; return 1
    fi
    sleep 0.1
  done
  echo "$name: did not listen on $proto port $PORT within 60 s" | tee -a "$SKIP"
  broken=1 ; stop ; return 1
}

# whether the TLS server on PORT answers a client asking for server name $2 with that name's certificate
# (else the SNI server's cells would measure the default certificate's path and pass)
serves_name() {
  local subject
  subject=$(timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -servername "$2" < /dev/null 2> /dev/null \
    | openssl x509 -noout -subject 2> /dev/null)
  [[ "$subject" == *"CN = $2"* || "$subject" == *"CN=$2"* ]] && return 0
  echo "$1: asked for server name $2, got the certificate of ${subject:-nothing}" | tee -a "$SKIP"
  broken=1 ; stop ; return 1
}

# run the generator once: prints its key=value line
load() {
  # bounded by the longest load any step asks for (a cell, or a server's warm-up) plus 30 s
  local longest=${CELL_SECONDS%.*} d
  for d in "${SERVER_WARMUP%.*}" "${PAIR_SERVER_WARMUP:-0}"; do [ "${d%.*}" -le "$longest" ] || longest=${d%.*}; done
  timeout $(( longest + ${CELL_WARMUP%.*} + 30 )) "${LOAD_CPU[@]}" "$LOADGEN" -p "$PORT" -P "$server" ${BUSY_POLL:+-b} ${gen_sni:+-N "$gen_sni"} "$@" \
    || echo "mode=failed rate=0 p50_us=0 p99_us=0 errors=1 timeouts=0 busy=0 queued=0 gen_us=0 server_us=0 server_core=0"
}

value() { sed -n "s/.*\<$1=\([^ ]*\).*/\1/p" <<<"$2"; }

# CPU pressure (/proc/pressure/cpu "some" total, µs): the share of a cell's time in which some task of
# the machine waited for a CPU; other users of this machine show up here
psi_us() { sed -n 's/^some .*total=\([0-9]*\).*/\1/p' /proc/pressure/cpu 2>/dev/null || true; }
now_us() { echo $(( $(date +%s%N) / 1000 )); }

below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'; }

wait_quiet() {
  local avg
  for _ in $(seq 1 "$QUIET_WAIT"); do
    avg=$(sed -n 's/^some avg10=\([0-9.]*\).*/\1/p' /proc/pressure/cpu 2>/dev/null || true)
    [ -n "$avg" ] || return 0
    below "$avg" "$(awk -v q="$QUIET" 'BEGIN { print q * 100 }')" && return 0
    sleep 1
  done
}

cell() {
  local name=$1 round=$2 cellname=$3; shift 3
  local p0 t0 p1 t1 try_line try_pressure line="" pressure="" tries=0
  for _ in 1 2 3; do
    [ -z "$QUIET" ] || wait_quiet
    p0=$(psi_us) ; t0=$(now_us)
    try_line=$(load -w "$CELL_WARMUP" -d "$CELL_SECONDS" "$@")
    p1=$(psi_us) ; t1=$(now_us)
    try_pressure=0 ; tries=$((tries + 1))
    if [ -n "$p0" ] && [ -n "$p1" ]; then try_pressure=$(awk -v d=$((p1 - p0)) -v t=$((t1 - t0)) 'BEGIN { printf "%.3f", (t > 0 ? d / t : 0) }'); fi
    if [ -z "$pressure" ] || below "$try_pressure" "$pressure"; then line=$try_line; pressure=$try_pressure; fi
    if [ -z "$QUIET" ] || below "$pressure" "$QUIET"; then break; fi
  done
  echo "$name $cellname $round $(value rate "$line") $(value p50_us "$line") $(value p99_us "$line") $(value errors "$line") $(value timeouts "$line") $(value busy "$line") $(value queued "$line") $pressure $(value server_us "$line") $(value server_core "$line") $(value gen_us "$line")" >> "$RAW"
  printf '  %-10s %s pressure=%s tries=%s\n' "$cellname" "$line" "$pressure" "$tries"
  if [ "$(value errors "$line")" != 0 ] || ! below 0 "$(value rate "$line")"; then
    echo "$name, $cellname, round $round: $(value errors "$line") failed round trips, $(value rate "$line")/s" | tee -a "$SKIP"
    broken=1
  fi
}

# CPU time (clock ticks) of the server's JIT compiler threads so far
compiler_ticks() {
  local total=0 task stat rest f
  for task in /proc/"$server"/task/*; do
    stat=$(cat "$task/stat" 2>/dev/null) || continue
    [[ "$stat" == *"(C1 CompilerThre"* || "$stat" == *"(C2 CompilerThre"* ]] || continue
    rest=${stat##*) } # the fields after the name: utime and stime are its 12th and 13th
    read -r -a f <<<"$rest"
    total=$((total + f[11] + f[12]))
  done
  echo "$total"
}

# after the warm-up, the server's cells, 1 s each, until a whole pass left the JIT compiler threads
# under 2% of a core in every second (3 passes at most): a cell measured while the JIT still compiles
# its path measures the compiler too (12-20% of the first TLS cell after a start, at 1 s of warm-up)
settle_jit() {
  local hz; hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
  local limit=$(( hz * 2 / 100 )) ; [ "$limit" -gt 0 ] || limit=1
  local pass c before after busy
  for pass in 1 2 3; do
    busy=0
    for c in "$@"; do
      before=$(compiler_ticks)
      # shellcheck disable=SC2086
      load -w 0 -d 1 ${c#*:} > /dev/null
      after=$(compiler_ticks)
      [ $((after - before)) -le "$limit" ] || busy=1
    done
    [ "$busy" = 1 ] || { echo "  JIT settled after $pass pass(es) over the cells"; return 0; }
  done
  echo "  JIT still compiling after 3 passes over the cells (the cells run anyway)"
}

# ---- memory per idle connection, in the server process that just served the TCP cells
live_heap() { timeout 60 "$JCMD" "$1" GC.class_histogram 2>/dev/null | awk '/^Total/ {print $3}'; }
native_kb() { # NMT committed total minus the Java heap's committed
  timeout 60 "$JCMD" "$1" VM.native_memory summary 2>/dev/null | awk '
    /^Total:/ { sub(/.*committed=/, ""); sub(/KB.*/, ""); total = $0 }
    /- *Java Heap \(/ { sub(/.*committed=/, ""); sub(/KB.*/, ""); heap = $0 }
    END { print total - heap }'
}
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

memory() {
  local name=$1 kind=$2
  local heap0=0 native0=0 heap1=0 native1=0
  sleep 1
  if [ "$kind" = jvm ]; then heap0=$(live_heap "$server"); native0=$(native_kb "$server"); else native0=$(rss_kb "$server"); fi
  local out="$OUT/$name-idle.out"
  timeout 200 "${LOAD_CPU[@]}" "$LOADGEN" -m idle -p "$PORT" -c "$IDLE" -d 150 > "$out" 2>&1 &
  holder=$!
  for _ in $(seq 1 900); do grep -q '^open' "$out" && break; kill -0 "$holder" 2>/dev/null || break; sleep 0.1; done
  local opened; opened=$(awk '/^open/ {print $2}' "$out"); opened=${opened:-0}
  sleep 3 # the server finishes accepting and starting what serves each connection
  if [ "$kind" = jvm ]; then heap1=$(live_heap "$server"); native1=$(native_kb "$server"); else native1=$(rss_kb "$server"); fi
  heap0=${heap0:-0} ; native0=${native0:-0}
  # the generator counts a connection open once connect returns: a server that accepted and closed
  # it (a limit, a crash of its handler) would otherwise lower the memory per connection, not fail
  local held; held=$(ss -Htn state established "( sport = :$PORT )" | wc -l)
  kill "$holder" 2>/dev/null || true; wait "$holder" 2>/dev/null || true; holder=""
  if [ "${opened:-0}" -gt 0 ] && [ "$held" -lt $(( opened * 99 / 100 )) ]; then
    echo "$name: memory: $opened connections opened, the server held only $held of them" | tee -a "$SKIP"
    broken=1
  elif [ "${opened:-0}" -gt 0 ] && [ -n "$heap1" ] && [ -n "$native1" ]; then
    echo "$name $kind $opened $(( (heap1 - heap0) / opened )) $(( (native1 - native0) * 1024 / opened ))" >> "$MEM"
    echo "  memory: $opened idle connections: heap $(( (heap1 - heap0) / opened )) B + native $(( (native1 - native0) * 1024 / opened )) B each"
  else
    echo "$name: memory not measured (opened=$opened, $(head -1 "$out"))" | tee -a "$SKIP"
  fi
}

# ---- the run: rounds alternate over the servers, so drift on this shared machine hits all alike
names=()
while IFS= read -r line; do
  [ -n "${line// /}" ] || continue
  name=$(field "$line" 1)
  if [ -n "$ONLY" ] && [[ " $ONLY " != *" $name "* ]]; then continue; fi
  if [ -z "$ONLY" ] && [[ " $OPT_IN " == *" $name "* ]]; then continue; fi
  needs=$(field "$line" 3)
  if [ "$needs" != - ] && ! demo_knows "$needs"; then
    echo "$name: skipped, the demo does not know $needs yet" | tee -a "$SKIP"; continue
  fi
  names+=("$name")
done <<<"$SERVER_TABLE"
line_of() { grep -E "^$1 +\|" <<<"$SERVER_TABLE"; }

# the TCP cells of ROWS that a server runs, into picked: the TLS rows on a TLS server ($1: -T), the others elsewhere
stream_cells() {
  local c ; picked=()
  for c in "${CELLS[@]}"; do
    wants "${c%%:*}" || continue
    if [ -n "$1" ]; then [[ "${c%%:*}" == tls* ]] || continue; else [[ "${c%%:*}" != tls* ]] || continue; fi
    picked+=("$c")
  done
}

# ---- PAIRED="b a": the two servers up at once, each cell run in short stints that alternate between
# them (a b, b a, ...), so that the machine's drift, which moves one server's 5 s cells by ±10% here,
# falls on both alike; reports b/a per cell and start (the geometric mean of its stints' ratios) and
# over the starts, with a 95% interval over them. ROUNDS starts of the pair, PAIRS stints of PAIR_SECONDS each per cell and start. A ruler
# for one switch or one path against another, not a ranking: no memory, no baseline, no plot.
if [ -n "${PAIRED:-}" ]; then
  read -r pb pa extra <<<"$PAIRED"
  if [ -z "$pa" ] || [ -n "${extra:-}" ] || [ "$pa" = "$pb" ]; then echo "PAIRED names two servers, B and A (B/A is reported): got '$PAIRED'" >&2; exit 1; fi
  for name in "$pb" "$pa"; do
    line_of "$name" > /dev/null || { echo "PAIRED: no server $name in the table" >&2; exit 1; }
    needs=$(field "$(line_of "$name")" 3)
    if [ "$needs" != - ] && ! demo_knows "$needs"; then echo "PAIRED: $name needs $needs, which the demo does not know" >&2; exit 1; fi
  done
  PAIRS=${PAIRS:-10} ; CELL_SECONDS=${PAIR_SECONDS:-2} ; CELL_WARMUP=${PAIR_WARMUP:-0.5}
  # the warm-up of each server: a demo on virtual threads still compiled 50-70 methods in each 5 s of
  # 16 x 64 B after 5 s of load, and its compiler thread still took 2% of the core after 30 s; after
  # 60 s every server's JIT settled within 2-3 passes, and the stints come right after it
  PAIR_SERVER_WARMUP=${PAIR_SERVER_WARMUP:-60}
  tls="" ; [[ "$pa" == *-tls-* ]] && tls=-T
  [[ "$pb" == *-tls-* ]] && [ -z "$tls" ] && { echo "PAIRED: $pb is a TLS server, $pa is not" >&2; exit 1; }
  a_pid="" ; b_pid="" ; a_port=0 ; b_port=0
  # stops both; the next start takes the port after both of theirs, as every start does
  stop_pair() {
    local p; for p in "$a_pid" "$b_pid"; do if [ -n "$p" ]; then server=$p; stop; fi; done
    a_pid="" ; b_pid="" ; PORT=$(( a_port > b_port ? a_port : b_port )) ; PORT=$(( PORT > 0 ? PORT : 27190 ))
  }
  name_of() { if [ "$1" = a ]; then echo "$pa"; else echo "$pb"; fi; }
  trap stop_pair EXIT
  use() { if [ "$1" = a ]; then server=$a_pid; PORT=$a_port; else server=$b_pid; PORT=$b_port; fi; }
  # starts both (A first in odd starts, B first in even ones: neither gets the first start's place
  # each time), warms each up and, over TCP, lets its JIT settle on the cells ($2...)
  start_pair() {
    local warm=$1 s; shift
    for s in $( [ $((round % 2)) = 1 ] && echo a b || echo b a ); do
      start_server "$(name_of $s)" "$(line_of "$(name_of $s)")" "$column" "$proto" || return 1
      if [ $s = a ]; then a_pid=$server ; a_port=$PORT ; else b_pid=$server ; b_port=$PORT ; fi
    done
    for s in a b; do
      use $s
      # shellcheck disable=SC2086
      load $warm > /dev/null
      if [ "$proto" = tcp ]; then load -m conn -c 16 -w 0 -d 1 $tls > /dev/null; settle_jit "$@"; fi
    done
  }
  echo "== paired: $pb / $pa, $ROUNDS starts, $PAIRS stints of $CELL_SECONDS s (after $CELL_WARMUP s) per cell and start, $PAIR_SERVER_WARMUP s of warm-up per server"
  for round in $(seq 1 "$ROUNDS"); do
    for proto in tcp udp; do
      cells=()
      if [ "$proto" = tcp ]; then
        column=4 ; stream_cells "$tls" ; cells=("${picked[@]}")
      else
        column=5 ; wants udp16 && [ -z "$tls" ] && cells=("$UDP_CELL")
      fi
      [ ${#cells[@]} -gt 0 ] || continue
      [ "$(field "$(line_of "$pa")" $column)" != - ] && [ "$(field "$(line_of "$pb")" $column)" != - ] || continue
      echo "== start $round/$ROUNDS, $proto ($(date +%T))"
      warm="-m tcp -c 64 -s 64 -w 0 -d $PAIR_SERVER_WARMUP $tls" ; [ "$proto" = udp ] && warm="-m udp -c 16 -w 0 -d $PAIR_SERVER_WARMUP"
      start_pair "$warm" "${cells[@]}" || { stop_pair; continue; }
      for c in "${cells[@]}"; do
        for p in $(seq 1 "$PAIRS"); do
          order="a b" ; [ $((p % 2)) = 0 ] && order="b a"
          for s in $order; do
            use $s
            # shellcheck disable=SC2086
            cell "$(name_of $s)" "$round.$p" "${c%%:*}" ${c#*:}
          done
        done
      done
      stop_pair
    done
  done
  elapsed=$(( $(date +%s) - started_at ))
  report="$OUT/paired.md"
  {
    echo "## Paired: $pb / $pa"
    echo
    echo "Machine: $(nproc) CPUs, Linux $(uname -r), $("$JAVA" -version 2>&1 | head -1). Both servers up at once on CPU 0,"
    echo "the generator on CPU 1; each server warmed up for $PAIR_SERVER_WARMUP s; $ROUNDS starts, $PAIRS stints per cell and start of $CELL_SECONDS s after $CELL_WARMUP s,"
    echo "alternating (a b, b a, ...)${QUIET:+; QUIET=$QUIET}. Run time: $((elapsed / 60)) min $((elapsed % 60)) s."
    echo "Each start's ratio is the geometric mean of its stints' ratios ($pb over the $pa stint next to it);"
    echo "a cell's, the geometric mean of its starts', with a 95% interval over the starts (Student t), since"
    echo "one start's stints share its JIT and are not independent. CPU is the server's own per round trip."
    echo
    echo "| cell | rate $pb / $pa | CPU per round trip | stints in starts | rate ratio by start |"
    echo "|---|---|---|---:|---|"
    awk -v a="$pa" -v b="$pb" '
      $1 == a || $1 == b { k = $2 SUBSEP $3; if ($1 == a) { ra[k] = $4; ua[k] = $12 } else { rb[k] = $4; ub[k] = $12 }; cell[$2] = 1 }
      # Student t, 97.5%, by degrees of freedom (1.96 beyond 30)
      function t975(df) { return df >= 30 ? 1.96 : df >= 20 ? 2.086 : df >= 10 ? 2.228 + (df - 10) * (2.086 - 2.228) / 10 : \
        substr("12.706 4.303 3.182 2.776 2.571 2.447 2.365 2.306 2.262", (df - 1) * 6 + 1, 6) + 0 }
      # mean of the logs in x[1..n] and its 95% interval, as "1.234x (1.200-1.270)"
      function est(x, n,   i, m, v, h) {
        for (i = 1; i <= n; i++) m += x[i]; m /= n
        for (i = 1; i <= n; i++) v += (x[i] - m) ^ 2
        h = n > 1 ? t975(n - 1) * sqrt(v / (n - 1) / n) : 0
        return sprintf("%.3fx (%.3f-%.3f)", exp(m), exp(m - h), exp(m + h))
      }
      # the stints of a start are not independent of each other (a start has its own JIT, its own
      # placement): with two starts or more, the interval is over the starts means, else over the stints
      function row(c,   k, p, st, s, n, nu, m, mu, ns, r, u, R, U, SR, SU, starts) {
        delete R; delete U; delete sr; delete su; delete cn; delete cu
        for (k in ra) {
          split(k, p, SUBSEP); if (p[1] != c || !(k in rb) || ra[k] <= 0 || rb[k] <= 0) continue
          split(p[2], st, "."); s = st[1] + 0; if (s > ns) ns = s
          r = log(rb[k] / ra[k]); R[++n] = r; sr[s] += r; cn[s]++
          if (ua[k] > 0 && ub[k] > 0) { u = log(ub[k] / ua[k]); U[++nu] = u; su[s] += u; cu[s]++ }
        }
        if (!n) return
        starts = ""; m = 0
        for (s = 1; s <= ns; s++) if (cn[s]) {
          SR[++m] = sr[s] / cn[s]; starts = starts (m > 1 ? ", " : "") sprintf("%.3f", exp(SR[m]))
          if (cu[s]) { mu++; SU[mu] = su[s] / cu[s] }
        }
        if (m > 1) print "| " c " | " est(SR, m) " | " (mu ? est(SU, mu) : "-") " | " n " in " m " | " starts " |"
        else print "| " c " | " est(R, n) " | " (nu ? est(U, nu) : "-") " | " n " in 1 (interval over the stints) | " starts " |"
      }
      END { split("tcp1 tcp16 tcp64 tcp256 tcp16x16k udp16 conn16 tls16 tls16x16k tlsconn16", ALL, " ")
        for (i = 1; i <= 10; i++) if (ALL[i] in cell) row(ALL[i]) }' "$RAW"
    if [ -s "$SKIP" ]; then echo; echo "Failed or skipped:"; sed "s/^/- /" "$SKIP"; fi
  } > "$report"
  cat "$report"
  exit "$broken"
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A dead=()
for round in $(seq 1 "$ROUNDS"); do
  for name in "${names[@]}"; do
    line=$(line_of "$name") ; kind=$(field "$line" 2)
    echo "== round $round/$ROUNDS: $name ($(date +%T))"
    # a server refused over one protocol (io_uring serves no stream listener) still runs the other
    tcp_cells=()
    tls="" ; [[ "$name" == *-tls-* ]] && tls=-T # a TLS server: the TLS rows only
    gen_sni="" ; [[ "$name" == *-tls-sni ]] && gen_sni=$SNI_NAME # its TLS cells ask for a server name
    stream_cells "$tls"
    for c in "${picked[@]}"; do
      [ "${c%%:*}" = tcp1 ] && [ "$round" -gt "$ROUNDS_TCP1" ] && continue
      tcp_cells+=("$c")
    done
    memory_now="" ; if wants memory && [ "$round" = "$ROUNDS" ] && [ -z "$tls" ]; then memory_now=1; fi
    if [ -z "${dead[$name/tcp]:-}" ] && [ "$(field "$line" 4)" != - ] && { [ ${#tcp_cells[@]} -gt 0 ] || [ -n "$memory_now" ]; }; then
      if start_server "$name" "$line" 4 tcp && { [ -z "$gen_sni" ] || serves_name "$name" "$gen_sni"; }; then
        # shellcheck disable=SC2086
        load -m tcp -c 64 -s 64 -w 0 -d "$SERVER_WARMUP" $tls > /dev/null # JIT warm-up, unmeasured
        # the connection path's warm-up: 1 s is 20k plain connections, but about 1k TLS handshakes, too
        # few for the JIT to have compiled the handshake's path (it was still compiling in the measured
        # window, about 20% of a core: bare Netty and the starter alike, the starter's more code more so)
        # shellcheck disable=SC2086
        load -m conn -c 16 -w 0 -d "$([ -n "$tls" ] && echo "$SERVER_WARMUP" || echo 1)" $tls > /dev/null
        if [ "$kind" = jvm ] && [ ${#tcp_cells[@]} -gt 0 ]; then settle_jit "${tcp_cells[@]}"; fi
        for c in "${tcp_cells[@]}"; do
          # shellcheck disable=SC2086
          cell "$name" "$round" "${c%%:*}" ${c#*:}
        done
        if [ -n "$memory_now" ]; then memory "$name" "$kind"; fi
        stop
      else
        dead[$name/tcp]=1
      fi
    fi
    if [ -z "${dead[$name/udp]:-}" ] && [ "$(field "$line" 5)" != - ] && wants udp16; then
      if start_server "$name" "$line" 5 udp; then
        load -m udp -c 16 -w 0 -d 2 > /dev/null
        # shellcheck disable=SC2086
        cell "$name" "$round" "${UDP_CELL%%:*}" ${UDP_CELL#*:}
        stop
      else
        dead[$name/udp]=1
      fi
    fi
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
elapsed=$(( $(date +%s) - started_at ))

# ---- the report
jdk=$("$JAVA" -version 2>&1 | head -1)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
machine="$(nproc) CPUs ($cpu), Linux $(uname -r), $jdk"
ran=$(printf '%s ' "${names[@]}")
report="$OUT/results.md"
natives=$(awk -F"|" '$2 ~ /native/ { gsub(/ /, "", $1); printf "%s ", $1 }' <<<"$SERVER_TABLE")
awk -v servers="$ran" -v base="$BASELINE" -v memfile="$MEM" -v natives="$natives" -v ab="$(tr -s ' \n' '  ' <<<"$A_B")" '
  function sortv(key, v,   n, i, j, t) {
    n = split(vals[key], v, " ")
    for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] + 0 > t + 0; j--) v[j + 1] = v[j]; v[j + 1] = t }
    return n
  }
  function median(key,   v, n) { n = sortv(key, v); return !n ? "" : (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 } # of two rounds: their mean
  function lo(key,   v, n) { n = sortv(key, v); return n ? v[1] : "" }
  function hi(key,   v, n) { n = sortv(key, v); return n ? v[n] : "" }
  function add(key, x) { vals[key] = (key in vals) ? vals[key] " " x : x }
  function human(x) { return x >= 1e6 ? sprintf("%.2fM", x / 1e6) : x >= 1e4 ? sprintf("%.1fk", x / 1e3) : sprintf("%.0f", x) }
  function hrange(a, b) { return a == b ? "" : " " human(a) "-" human(b) }
  function urange(a, b) { return a == b ? "" : sprintf(" %.1f-%.1f", a, b) }
  function ratio(x, b) { return (b > 0 && x != "") ? sprintf(" (%.2f)", x / b) : "" }
  function quot(x, b) { return (b > 0 && x != "") ? sprintf("%.2f", x / b) : "-" }
  function isnative(s) { return index(" " natives " ", " " s " ") > 0 }
  # one row per cell of a metric: median (ratio to the baseline) min-max; a rate also marks a
  # generator-bound cell
  function rows(what,   k, i, row, b, key, x) {
    for (k = 1; k <= nc; k++) {
      row = "| " label[C[k]] " |"; b = median(base SUBSEP C[k] SUBSEP what)
      for (i = 1; i <= n; i++) {
        key = S[i] SUBSEP C[k] SUBSEP; x = median(key what)
        if (x == "") row = row " - |"
        else if (what == "rate") row = row " " human(x) ratio(x, b) hrange(lo(key what), hi(key what)) (median(key "busy") >= 0.90 ? " *" : "") " |"
        else row = row " " sprintf("%.1f", x) ratio(x, b) urange(lo(key what), hi(key what)) " |"
      }
      print row
    }
  }
  { s = $1; c = $2; k = s SUBSEP c SUBSEP
    add(k "rate", $4); add(k "p50", $5); add(k "p99", $6); add(k "busy", $9); add(k "us", $12); add(k "core", $13); add(k "gen", $14)
    err[s] += $7; tmo[s] += $8; if ($10 > maxq[s]) maxq[s] = $10
    # what the generator completes per second of its own CPU: rate / busy undercounts by the share of
    # the cell it waited for its CPU (other load on CPU 1), so that the least disturbed server set it
    if ($14 > 0) add(k "ceil", 1e6 / $14)
    add(s SUBSEP "psi", $11); seen[c] = 1 }
  END {
    while ((getline line < memfile) > 0) { split(line, m, " "); heap[m[1]] = m[4]; native[m[1]] = m[5]; kind[m[1]] = m[2]; held[m[1]] = m[3] }
    n = split(servers, S, " ")
    nc = 0; split("tcp1 tcp16 tcp64 tcp256 tcp16x16k udp16 conn16 tls16 tls16x16k tlsconn16", ALL, " ")
    for (k = 1; k <= 10; k++) if (ALL[k] in seen) C[++nc] = ALL[k]
    label["tcp1"] = "1 x 64 B"; label["tcp16"] = "16 x 64 B"; label["tcp64"] = "64 x 64 B"; label["tcp256"] = "256 x 64 B"
    label["tcp16x16k"] = "16 x 16 KiB"; label["udp16"] = "UDP 16 x 64 B"; label["conn16"] = "connect+echo+close, 16 at once"
    label["tls16"] = "TLS 16 x 64 B"; label["tls16x16k"] = "TLS 16 x 16 KiB"; label["tlsconn16"] = "TLS connect+handshake+echo+close, 16 at once"
    head = "| |"; rule = "|---|"
    for (i = 1; i <= n; i++) { head = head " " S[i] " |"; rule = rule "---:|" }

    print "### Rate (round trips, connections or datagrams per second)"
    print ""
    print head; print rule
    rows("rate")
    for (q = 1; q <= 2; q++) {
      p = q == 1 ? "p50" : "p99"; row = "| " p " latency, 16 x 64 B (µs) |"; b = median(base SUBSEP "tcp16" SUBSEP p)
      for (i = 1; i <= n; i++) { x = median(S[i] SUBSEP "tcp16" SUBSEP p); row = row " " (x == "" ? "-" : sprintf("%.0f", x) ratio(x, b)) " |" }
      if (b != "") print row
    }
    print ""
    print "Median of the rounds, (ratio to " base "), then min-max over the rounds. * : the generator was at least"
    print "0.90 busy in that cell, so the rate there is the generator'"'"'s as much as the server'"'"'s: rank by CPU below."
    print ""
    print "### Server CPU per round trip (µs; per connection on connect+echo+close, per datagram on UDP)"
    print ""
    print head; print rule
    rows("us")
    row = "| server core used, 16 x 64 B |"
    for (i = 1; i <= n; i++) { x = median(S[i] SUBSEP "tcp16" SUBSEP "core"); row = row " " (x == "" ? "-" : sprintf("%.2f", x)) " |" }
    if (median(base SUBSEP "tcp16" SUBSEP "core") != "") print row
    print ""
    print "User + system CPU of the server process (every thread: event loops, JIT, GC), /proc/<pid>/stat over"
    print "the measured window, divided by what the generator completed in it. Lower is better."
    print ""

    row = "| memory per idle connection (B) |"; row2 = "| of which heap + native (B) |"; mem = 0
    b = (base in heap) ? heap[base] + native[base] : 0
    for (i = 1; i <= n; i++) {
      s = S[i]
      if (!(s in heap)) { row = row " - |"; row2 = row2 " - |"; continue }
      mem = 1; t = heap[s] + native[s]
      row = row " " t (kind[s] == "native" ? " RSS" : "") ratio(t, b) " |"
      row2 = row2 " " (kind[s] == "native" ? "RSS, no JVM" : heap[s] " + " native[s]) " |"
      if (held[s] + 0 > hmax) hmax = held[s]
    }
    if (mem) { print "### Memory and load"; print ""; print head; print rule; print row; print row2 }
    else { print "### Load"; print ""; print head; print rule }
    row = "| errors / UDP timeouts, all cells |"; row3 = "| generator run-queue wait, highest cell |"
    for (i = 1; i <= n; i++) { row = row " " err[S[i]] + 0 " / " tmo[S[i]] + 0 " |"; row3 = row3 " " sprintf("%.2f", maxq[S[i]]) " |" }
    row4 = "| CPU pressure (PSI some), median cell |"
    for (i = 1; i <= n; i++) row4 = row4 " " sprintf("%.2f", median(S[i] SUBSEP "psi")) " |"
    print row; print row3; print row4
    print ""
    if (mem) print "Memory: " hmax " connections held."

    print ""
    print "### The generator"
    print ""
    print "Ceiling: per row, the most round trips the generator completed per second of its own CPU (1 / its CPU"
    print "per round trip), over the servers: its rate with its CPU to itself. A server within 5% of it is marked:"
    print "its rate is a lower bound. Generator busy: the share of its runnable time it spent on its CPU."
    print ""
    print "| row | generator ceiling | set by | generator µs per round trip | fastest JVM server | its core | generator busy | server-bound (core >= 0.90, generator < 0.90) |"
    print "|---|---:|---|---:|---|---:|---:|---|"
    for (k = 1; k <= nc; k++) {
      ceil = 0; by = ""; gmin = ""
      for (i = 1; i <= n; i++) {
        key = S[i] SUBSEP C[k] SUBSEP
        x = median(key "ceil"); if (x + 0 > ceil) { ceil = x; by = S[i] }
        g = median(key "gen"); if (g != "" && g > 0 && (gmin == "" || g + 0 < gmin + 0)) gmin = g
      }
      best = ""; bestr = 0
      for (i = 1; i <= n; i++) { if (isnative(S[i])) continue; x = median(S[i] SUBSEP C[k] SUBSEP "rate"); if (x + 0 > bestr) { bestr = x; best = S[i] } }
      if (ceil == 0) continue
      bc = median(best SUBSEP C[k] SUBSEP "core"); bb = median(best SUBSEP C[k] SUBSEP "busy")
      ok = (bc + 0 >= 0.90 && bb + 0 < 0.90) ? "yes" : (bb + 0 >= 0.90 ? (bc + 0 >= 0.90 ? "no: both at their limit" : "no: generator-bound") : "no: neither at its limit")
      if (bb + 0 >= 0.90) genbound = genbound (genbound == "" ? "" : ", ") label[C[k]]
      printf "| %s | %s | %s | %s | %s %s | %.2f | %.2f | %s |\n", label[C[k]], human(ceil), by, (gmin == "" ? "-" : sprintf("%.1f", gmin)), best, human(bestr), bc, bb, ok
      for (i = 1; i <= n; i++) {
        x = median(S[i] SUBSEP C[k] SUBSEP "rate")
        if (x + 0 >= 0.95 * ceil) warn = warn sprintf("- AT THE CEILING: %s reaches %.0f%% of the generator ceiling in \"%s\": its rate is a lower bound.\n", S[i], 100 * x / ceil, label[C[k]])
      }
    }
    print ""
    printf "%s", warn
    tls = 0
    for (k = 1; k <= nc; k++) if (C[k] ~ /^tls/) tls = 1
    if (tls) {
      print ""
      print "### TLS: the targets"
      print ""
      print "Ratios of medians: the starter on Netty epoll to bare Netty epoll with the same provider (target at"
      print "least 0.95 on every TLS row), and OpenSSL to the JDK provider (target at least 1.5 on TLS 16 x 16 KiB)."
      print ""
      print "| row | starter / bare, JDK | starter / bare, OpenSSL | OpenSSL / JDK, starter | OpenSSL / JDK, bare |"
      print "|---|---:|---:|---:|---:|"
      for (k = 1; k <= nc; k++) {
        if (C[k] !~ /^tls/) continue
        aj = median("demo-netty-epoll-tls-jdk" SUBSEP C[k] SUBSEP "rate"); ao = median("demo-netty-epoll-tls-openssl" SUBSEP C[k] SUBSEP "rate")
        bj = median("netty-epoll-tls-jdk" SUBSEP C[k] SUBSEP "rate"); bo = median("netty-epoll-tls-openssl" SUBSEP C[k] SUBSEP "rate")
        printf "| %s | %s | %s | %s | %s |\n", label[C[k]], quot(aj, bj), quot(ao, bo), quot(ao, aj), quot(bo, bj)
      }
    }
    # the cost of a switch: each pair B/A of A_B that ran, B being A with one switch on
    np = split(ab, P, " "); abn = 0
    for (p = 1; p <= np; p++) {
      if (split(P[p], pair, "/") != 2 || !index(" " servers " ", " " pair[1] " ") || !index(" " servers " ", " " pair[2] " ")) continue
      if (!abn++) {
        print ""
        print "### A/B: the cost of a switch"
        print ""
        print "Each server against the same server without its switch, ratios of medians (B / A), then whether the"
        print "min-max ranges of server CPU per round trip over the rounds overlap (\"level\") or not (\"B more\","
        print "\"B less\"; \"one round\": no spread to judge by). Run them in the same run, so that the rounds alternate."
        print ""
        print "| B / A | row | rate | server CPU per round trip | CPU ranges |"
        print "|---|---|---:|---:|---|"
      }
      for (k = 1; k <= nc; k++) {
        kb = pair[1] SUBSEP C[k] SUBSEP "us"; ka = pair[2] SUBSEP C[k] SUBSEP "us"
        if (median(kb) == "" || median(ka) == "") continue
        judge = (sortv(kb, tmp) < 2 || sortv(ka, tmp) < 2) ? "one round" : hi(ka) + 0 < lo(kb) + 0 ? "B more" : hi(kb) + 0 < lo(ka) + 0 ? "B less" : "level"
        printf "| %s / %s | %s | %s | %s | %s |\n", pair[1], pair[2], label[C[k]], quot(median(pair[1] SUBSEP C[k] SUBSEP "rate"), median(pair[2] SUBSEP C[k] SUBSEP "rate")), quot(median(kb), median(ka)), judge
      }
      if ((pair[1] in heap) && (pair[2] in heap))
        printf "| %s / %s | memory per idle connection | - | memory: %s | one measurement |\n", pair[1], pair[2], quot(heap[pair[1]] + native[pair[1]], heap[pair[2]] + native[pair[2]])
    }
    print ""
    print "### Ranking by server CPU per round trip"
    print ""
    print "Generator-bound rows (the fastest JVM server'"'"'s cell had the generator at 0.90 busy or more): " (genbound == "" ? "none" : genbound) "."
    print "On these rows the rate ranks the generator; CPU per round trip still ranks the servers. \"<\": the"
    print "min-max ranges over the rounds do not overlap (a ranking); \"~\": they overlap (level within the spread);"
    print "\",\": one round only, no spread to call a ranking by."
    print ""
    for (k = 1; k <= nc; k++) {
      nm = 0
      for (i = 1; i <= n; i++) { x = median(S[i] SUBSEP C[k] SUBSEP "us"); if (x != "" && x > 0) { R[++nm] = S[i]; V[nm] = x + 0 } }
      for (i = 2; i <= nm; i++) { t = R[i]; tv = V[i]; for (j = i - 1; j >= 1 && V[j] > tv; j--) { R[j + 1] = R[j]; V[j + 1] = V[j] } R[j + 1] = t; V[j + 1] = tv }
      line = ""
      for (i = 1; i <= nm; i++) {
        if (i > 1) line = line (sortv(R[i - 1] SUBSEP C[k] SUBSEP "us", tmp) < 2 || sortv(R[i] SUBSEP C[k] SUBSEP "us", tmp) < 2 ? ", " \
          : hi(R[i - 1] SUBSEP C[k] SUBSEP "us") + 0 < lo(R[i] SUBSEP C[k] SUBSEP "us") + 0 ? " < " : " ~ ")
        line = line R[i] " " sprintf("%.1f", V[i])
      }
      if (nm) printf "- %s%s: %s\n", label[C[k]], (index(", " genbound ", ", ", " label[C[k]] ", ") ? " (generator-bound)" : ""), line
    }
  }' "$RAW" > "$OUT/table.md"

{
  echo "## Echo benchmark"
  echo
  echo "Machine: $machine. Servers pinned to CPU 0, the C load generator to CPU 1."
  echo "Load average before/after: $load_before / $load_after. Run time: $((elapsed / 60)) min $((elapsed % 60)) s;"
  echo "$ROUNDS alternating rounds ($ROUNDS_TCP1 for 1 x 64 B), $CELL_SECONDS s per cell after $CELL_WARMUP s of warm-up${BUSY_POLL:+, the generator busy-polling}${QUIET:+; QUIET=$QUIET (each cell waited for CPU pressure below it, and was retried up to 3 times above it)}."
  echo
  cat "$OUT/table.md"
  if [ -n "$idle_note" ]; then echo; echo "Note: $idle_note."; fi
  if [ -s "$SKIP" ]; then echo; echo "Failed or skipped:"; sed "s/^/- /" "$SKIP"; fi
  echo
  echo "Memory per idle connection: JVM servers: live heap from jcmd GC.class_histogram (a full GC, then"
  echo "live objects only) plus Native Memory Tracking's committed total less the Java heap, at 0 and at N"
  echo "held connections in the same process, divided by N. c-epoll: RSS difference (no JVM). Kernel"
  echo "socket buffers are in neither."
  echo
  echo "JVM servers run with default flags plus $JVM_FLAGS; pinned to one CPU,"
  echo "the JVM sees one processor and picks SerialGC."
  echo
  echo "Other load: \"generator run-queue wait\" is the share of a cell the generator waited for its CPU;"
  echo "\"CPU pressure\" the share of a cell in which some task of the machine waited for a CPU (PSI)."
  echo "High values mean other work on the machine: compare such cells with care."
} > "$report"
if [ ! -s "$RAW" ]; then echo "## Echo benchmark: no rows run (ROWS=$ROWS)" > "$report"; fi

# ---- start time: benchmarks/startup.sh, appended to the report
if wants start; then
  echo "== start time ($STARTS starts per cell)"
  bash benchmarks/startup.sh || { echo "start time: a cell failed (above)" | tee -a "$SKIP"; broken=1; }
  if [ -f "$OUT/startup.md" ]; then { echo; cat "$OUT/startup.md"; } >> "$report"; fi
fi
cat "$report"

# ---- the plot: round trips/s against connections
dat="$OUT/echo.dat"
: > "$dat"
for name in "${names[@]}"; do
  block=$(for c in 1 16 64 256; do
    awk -v s="$name" -v c="tcp$c" -v n="$c" '$1 == s && $2 == c { v[++k] = $4 } END {
      if (!k) exit; for (i = 2; i <= k; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] > t; j--) v[j + 1] = v[j]; v[j + 1] = t }
      print n, v[int((k + 1) / 2)] }' "$RAW"
  done)
  if [ -n "$block" ]; then printf '"%s"\n%s\n\n\n' "$name" "$block" >> "$dat"; fi
done
if [ ! -s "$dat" ]; then
  echo "plot skipped: no 64 B TCP rows were run"
elif ! command -v gnuplot >/dev/null && command -v apt-get >/dev/null; then
  echo "== installing gnuplot-nox for the plot"
  { timeout 300 apt-get update -qq && timeout 300 apt-get install -y -qq gnuplot-nox; } > "$OUT/apt.log" 2>&1 || true
fi
if [ ! -s "$dat" ]; then
  :
elif command -v gnuplot >/dev/null; then
  plots="" ; i=0
  for name in "${names[@]}"; do
    grep -q "^\"$name\"" "$dat" || continue
    plots="${plots:+$plots, }'$dat' index $i using 1:2 with linespoints title '$name'"
    i=$((i + 1))
  done
  gnuplot -e "set terminal pngcairo size 900,560 noenhanced; set output '$OUT/echo.png';
    set title 'Echo round trips/s, 64 B messages (median of $ROUNDS rounds)'; set xlabel 'connections';
    set ylabel 'round trips/s'; set logscale x 2; set xrange [0.8:320]; set xtics (1,16,64,256); set key outside right; set grid;
    set yrange [0:*]; plot $plots" 2> "$OUT/gnuplot.log" && echo "plot: $OUT/echo.png" || echo "plot skipped: gnuplot failed ($(head -1 "$OUT/gnuplot.log"))"
elif python3 -c 'import matplotlib' 2>/dev/null; then
  python3 - "$dat" "$OUT/echo.png" <<'PY'
import sys, matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
blocks = [b for b in open(sys.argv[1]).read().split("\n\n\n") if b.strip()]
for b in blocks:
    lines = b.strip().splitlines()
    pts = [tuple(map(float, l.split())) for l in lines[1:]]
    plt.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=lines[0].strip('"'))
plt.xscale("log", base=2); plt.xlabel("connections"); plt.ylabel("round trips/s"); plt.legend(); plt.grid(True)
plt.savefig(sys.argv[2], dpi=100)
PY
  echo "plot: $OUT/echo.png"
else
  echo "plot skipped: neither gnuplot (apt-get install gnuplot-nox failed, see $OUT/apt.log) nor python3 matplotlib"
fi

if [ "$broken" != 0 ]; then
  echo "FAILED: a server did not start, failed round trips, dropped held connections, or a start-time cell failed:" >&2
  sed 's/^/  /' "$SKIP" >&2
  exit 1
fi
