#!/usr/bin/env bash
# Echo throughput and memory per idle connection: the demo's echo service (platform threads, and
# virtual threads on Java 21+) against Netty's echo on one event loop. The server is pinned to
# CPU 0 and the load to CPU 1 where taskset exists. Loopback only; every step is bounded.
#
#   bash benchmarks/run.sh            # with $JAVA_HOME/bin/java, else java on the PATH
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
SECONDS_PER_RUN=6
IDLE=4000
PORT=27190
SERVER_CPU=() ; LOAD_CPU=()
if command -v taskset >/dev/null; then SERVER_CPU=(taskset -c 0); LOAD_CPU=(taskset -c 1); fi
ulimit -n 20000 2>/dev/null || IDLE=400

mvn -B -q -Pbenchmarks package -DskipTests
TOOLS="benchmarks/target/listener-benchmarks.jar:benchmarks/target/lib/*"
feature=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')

server=""
stop() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  server=""
}
trap stop EXIT

await_port() {
  for _ in $(seq 1 90); do
    ss -ltn "sport = :$PORT" | grep -q LISTEN && return 0
    kill -0 "$server" 2>/dev/null || { echo "server exited" >&2; return 1; }
    sleep 1
  done
  echo "server did not listen within 90 s" >&2; return 1
}

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }

bench() {
  local name=$1; shift
  echo "== $name"
  "${SERVER_CPU[@]}" "$@" > "benchmarks/target/$name.log" 2>&1 &
  server=$!
  await_port
  for connections in 16 64; do
    timeout 60 "${LOAD_CPU[@]}" "$JAVA" -cp "$TOOLS" dev.listener.benchmarks.EchoLoad "$PORT" "$connections" "$SECONDS_PER_RUN"
  done
  sleep 2
  local before; before=$(rss_kb)
  local out="benchmarks/target/$name-idle.out"
  timeout 120 "${LOAD_CPU[@]}" "$JAVA" -cp "$TOOLS" dev.listener.benchmarks.IdleConnections "$PORT" "$IDLE" 20 > "$out" 2>&1 &
  local idle=$!
  for _ in $(seq 1 60); do grep -q '^open' "$out" && break; sleep 1; done
  sleep 3
  local after; after=$(rss_kb)
  echo "$IDLE idle connections: $(( (after - before) * 1024 / IDLE )) bytes of server RSS each ($(head -1 "$out"))"
  kill "$idle" 2>/dev/null; wait "$idle" 2>/dev/null || true
  stop
}

demo=(-jar demo/target/listener-demo.jar --listener.port=$PORT --listener.host=127.0.0.1
      --spring.main.web-application-type=none --logging.level.root=warn)
bench listener-platform "$JAVA" "${demo[@]}" --listener.threads.max=$((IDLE + 100))
if [ "${feature%%.*}" -ge 21 ] 2>/dev/null; then
  bench listener-virtual "$JAVA" "${demo[@]}" --spring.threads.virtual.enabled=true
fi
bench netty "$JAVA" -cp "$TOOLS" dev.listener.benchmarks.NettyEchoServer "$PORT"
