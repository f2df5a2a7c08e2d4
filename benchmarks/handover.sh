#!/usr/bin/env bash
# The reuse-port handover, measured: an instance of the demo serves a port with reuse-port while a
# client connects, sends a line, reads its echo and closes in a loop (benchmarks/restart_client.py);
# then, ROUNDS times, a new instance starts on the same port beside it and the old one is stopped
# with SIGTERM. It counts what the client saw go wrong: refused, reset, unanswered. A second cell
# per engine fills the old instance's accept queue on purpose (benchmarks/handover_queue.py): that
# queue is what net.ipv4.tcp_migrate_req decides. Every cell runs with the sysctl at 0 and at 1, in
# a network namespace of this script's own (the sysctl is per namespace), on both engines. Writes
# benchmarks/target/handover.md; exits 1 when an instance did not start, or the startup warning
# about tcp_migrate_req was not as expected (once with 0, never with 1).
#
#   bash benchmarks/handover.sh                  about 10 min on 2 cores
#   ROUNDS=2 LIMITS=10000 bash benchmarks/handover.sh        the run in docs/restarts.md: 6.5 min
#
# Needs root (ip netns), iproute2, python3 and the demo jar (mvn -B package -DskipTests).
# Knobs (environment): ROUNDS=3 (handovers per cell) ENGINES="blocking netty" THREADS=8 (client
#   threads) LOAD_SECONDS=2 (the loop before the first handover and after each) LIMITS="10000 2"
#   (connection.max of the instances in the loop cells: 2 keeps connections waiting in the queues)
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
ENGINES=${ENGINES:-blocking netty}
LIMITS=${LIMITS:-10000 2}
THREADS=${THREADS:-8}
LOAD_SECONDS=${LOAD_SECONDS:-2}
PORT=27015
JAR=demo/target/listener-demo.jar
OUT=benchmarks/target
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if [ ! -f "$JAR" ]; then
  echo "no $JAR: build it first with mvn -B package -DskipTests" >&2
  exit 2
fi
if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null || ! command -v python3 >/dev/null; then
  echo "handover.sh needs root (for ip netns), iproute2 and python3" >&2
  exit 2
fi

ns="listener-handover-$$"
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$ns"
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up
if ! in_ns sysctl -q -w net.ipv4.tcp_migrate_req=1 2>/dev/null; then
  echo "net.ipv4.tcp_migrate_req cannot be set here (Linux 5.14+)" >&2
  exit 2
fi
mkdir -p "$OUT"
broken=0

# start NAME ENGINE LIMIT: starts an instance in the namespace, waits until it serves; sets $started
start() {
  local log="$work/$1.log"
  # not through in_ns: $! must be the JVM itself (ip netns exec execs it), which stop signals
  ip netns exec "$ns" "$JAVA" -jar "$JAR" --server.port=0 --listener.host=127.0.0.1 --listener.port=$PORT \
    --listener.reuse-port=true --listener.engine="$2" --listener.connection.max="$3" >"$log" 2>&1 &
  started=$!
  pids+=("$started")
  for _ in $(seq 900); do
    grep -q "Started DemoApplication" "$log" 2>/dev/null && return 0
    kill -0 "$started" 2>/dev/null || break
    sleep 0.1
  done
  echo "instance $1 ($2) did not start:" >&2
  tail -20 "$log" >&2
  return 1
}

# check_warning NAME MIGRATE: the startup warning about tcp_migrate_req is there when it is 0, only then
check_warning() {
  local warned
  warned=$(grep -c "net.ipv4.tcp_migrate_req is 0" "$work/$1.log" || true)
  if { [ "$2" = 0 ] && [ "$warned" != 1 ]; } || { [ "$2" = 1 ] && [ "$warned" != 0 ]; }; then
    echo "tcp_migrate_req=$2: instance $1 logged the startup warning $warned times" >&2
    broken=1
  fi
}

# stop PID: SIGTERM, then waits for it (60 s at most)
stop() {
  kill -TERM "$1" 2>/dev/null || return 0
  for _ in $(seq 600); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null || true
}

rows=()
for migrate in 0 1; do
  in_ns sysctl -q -w net.ipv4.tcp_migrate_req=$migrate
  for engine in $ENGINES; do
    for limit in $LIMITS; do
      rm -f "$work/stop"
      if ! start 0 "$engine" "$limit"; then broken=1; continue; fi
      old=$started
      check_warning 0 "$migrate"
      ip netns exec "$ns" python3 benchmarks/restart_client.py 127.0.0.1 $PORT "$work/stop" "$THREADS" 600 >"$work/client" &
      client=$!
      pids+=("$client")
      sleep "$LOAD_SECONDS"
      done_rounds=0
      for round in $(seq "$ROUNDS"); do
        if ! start "$round" "$engine" "$limit"; then broken=1; break; fi
        check_warning "$round" "$migrate"
        stop "$old"
        old=$started
        done_rounds=$round
        sleep "$LOAD_SECONDS"
      done
      touch "$work/stop"
      wait "$client" || true
      stop "$old"
      read -r _ sent _ answered _ refused _ reset _ unanswered _ timeouts _ < "$work/client"
      echo "tcp_migrate_req=$migrate $engine connection.max=$limit, $done_rounds handovers: $(cat "$work/client")"
      rows+=("| $migrate | $engine | $limit | $done_rounds | $sent | $answered | $refused | $reset | $unanswered | $timeouts |")
    done
  done
done

# The accept queue at the moment the old instance stops: it is at its limit (connection.max=1, the
# slot held by a connection of another process), so connections hashed to it wait in its queue.
HOLD='import socket,sys,time
s=socket.create_connection((sys.argv[1],int(sys.argv[2])));s.sendall(b"hold\n");s.recv(5);time.sleep(600)'
queue_rows=()
for migrate in 0 1; do
  in_ns sysctl -q -w net.ipv4.tcp_migrate_req=$migrate
  for engine in $ENGINES; do
    if ! start old "$engine" 1; then broken=1; continue; fi
    old=$started
    ip netns exec "$ns" python3 -c "$HOLD" 127.0.0.1 $PORT &
    holder=$!
    pids+=("$holder")
    if ! start new "$engine" 10000; then broken=1; kill "$holder"; stop "$old"; continue; fi
    new=$started
    result=$(in_ns python3 benchmarks/handover_queue.py 127.0.0.1 $PORT "$old" 20)
    kill "$holder" 2>/dev/null || true
    stop "$old"
    stop "$new"
    echo "tcp_migrate_req=$migrate $engine, queued connections: $result"
    read -r _ opened _ answered _ reset _ closed _ unanswered <<< "$result"
    queue_rows+=("| $migrate | $engine | $opened | $answered | $reset | $closed | $unanswered |")
  done
done

{
  echo "reuse-port handover: B starts beside A on one port, A stops with SIGTERM, under a connect+echo+close"
  echo "loop of $THREADS client threads; $(nproc) cores, $(uname -r), $("$JAVA" -version 2>&1 | head -1)"
  echo
  echo "| tcp_migrate_req | engine | connection.max | handovers | sent | answered | refused | reset | unanswered | connect timeouts |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "connections waiting in A's accept queue as it stops (A at connection.max=1, its slot held):"
  echo
  echo "| tcp_migrate_req | engine | opened | answered | reset | closed | unanswered |"
  echo "|---:|---|---:|---:|---:|---:|---:|"
  printf '%s\n' "${queue_rows[@]}"
} | tee "$OUT/handover.md"
exit $broken
