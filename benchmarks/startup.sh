#!/usr/bin/env bash
# Start time of the demo: from process start (fork) to the first connection accepted, timed by
# benchmarks/c/firstconnect, on JDK 17 and 25, plain (java -jar) and with the JVM's cache (AppCDS on
# 17, the AOT cache on 25) plus Boot's AOT processing, as Boot's documentation describes: the jar
# extracted (-Djarmode=tools extract), one training run that exits after the context refreshed.
#
# Cells: "listener off" (--listener.enabled=false: ready is the first connect on the actuator's HTTP
# port, there being no listener), "blocking" and "netty" (ready is the first connect on the listener;
# the HTTP port's first connect is shown too). Median of STARTS (5) starts per cell, the cells of a
# round alternating. Loopback only; every start is bounded by 120 s.
#
#   bash benchmarks/startup.sh           (run.sh calls it; it expects demo/target/listener-demo.jar)
#
# Knobs: STARTS=5, START_JDKS="/usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64"
set -euo pipefail
cd "$(dirname "$0")/.."

STARTS=${STARTS:-5}
OUT=$PWD/benchmarks/target
WORK=$OUT/startup
JAR=demo/target/listener-demo.jar
PORT=${START_PORT:-27600}
[ -f "$JAR" ] || { echo "startup.sh: $JAR is missing: run bash benchmarks/run.sh, or mvn -B package -DskipTests" >&2; exit 1; }
mkdir -p "$WORK"
cc -O2 -Wall -o "$OUT/firstconnect" benchmarks/c/firstconnect.c
FIRST="$OUT/firstconnect"

if [ -z "${START_JDKS:-}" ]; then
  START_JDKS=""
  for j in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64; do
    [ -x "$j/bin/java" ] && START_JDKS="$START_JDKS $j"
  done
  [ -n "$START_JDKS" ] || START_JDKS=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi

RAW="$WORK/raw.txt" ; : > "$RAW"
failed=0

# the application's arguments of a cell; @L@ and @H@ are the listener's and the HTTP port
args_of() {
  case $1 in
    off)      echo "--listener.enabled=false --server.port=@H@ --server.address=127.0.0.1" ;;
    blocking) echo "--listener.port=@L@ --listener.host=127.0.0.1 --server.port=@H@ --server.address=127.0.0.1" ;;
    netty)    echo "--listener.port=@L@ --listener.host=127.0.0.1 --listener.engine=netty --server.port=@H@ --server.address=127.0.0.1" ;;
  esac
}
fill() { local a=${1//@L@/$2}; echo "${a//@H@/$3}"; }

# Boot's AOT processing fixes the conditions at build time: with -Dspring.aot.enabled=true,
# --listener.enabled=false would still start the listener. The "listener off" baseline therefore
# runs with the JVM's cache only.
aot_flag() { [ "$1" = off ] && echo "" || echo "-Dspring.aot.enabled=true"; }

for jdk in $START_JDKS; do
  java="$jdk/bin/java"
  feature=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  dir="$WORK/jdk$feature"
  rm -rf "$dir"; mkdir -p "$dir"
  echo "== start time, JDK $feature: extracting the demo and training the cache"
  "$java" -Djarmode=tools -jar "$JAR" extract --destination "$dir/app" > "$dir/extract.log" 2>&1 \
    || { echo "extract failed on JDK $feature: $(tail -1 "$dir/extract.log")" >&2; failed=1; continue; }
  for app in off blocking netty; do
    if [ "${feature%%.*}" -ge 25 ]; then cache_out="-XX:AOTCacheOutput=$app.aot"; cache_use="-XX:AOTCache=$app.aot"
    else cache_out="-XX:ArchiveClassesAtExit=$app.jsa"; cache_use="-XX:SharedArchiveFile=$app.jsa"; fi
    echo "$cache_use" > "$dir/$app.use"
    # the training run: Boot's recipe, ports 0 so that it binds nothing in the way
    # shellcheck disable=SC2046,SC2086
    (cd "$dir/app" && timeout 300 "$java" $cache_out $(aot_flag $app) -Dspring.context.exit=onRefresh \
      -jar listener-demo.jar $(fill "$(args_of $app)" 0 0) > "../train-$app.log" 2>&1) \
      || { echo "training run failed: JDK $feature, $app (see $dir/train-$app.log)" >&2; failed=1; }
    # the JVM starts without a cache it cannot find, and says so only in a warning: check it is there
    [ -s "$dir/app/${cache_use#*=}" ] || { echo "no cache written: JDK $feature, $app (see $dir/train-$app.log)" >&2; failed=1; }
  done
  for round in $(seq 1 "$STARTS"); do
    for mode in plain cache; do
      for app in off blocking netty; do
        PORT=$((PORT + 2)); l=$PORT; h=$((PORT + 1))
        if [ "$app" = off ]; then probe=(-p "$h"); else probe=(-p "$l" -q "$h"); fi
        # shellcheck disable=SC2046,SC2086
        if [ "$mode" = plain ]; then
          line=$("$FIRST" "${probe[@]}" -t 120 -l "$dir/$mode-$app.log" -- "$java" -jar "$JAR" $(fill "$(args_of $app)" $l $h)) || true
        else
          line=$(cd "$dir/app" && "$FIRST" "${probe[@]}" -t 120 -l "$dir/$mode-$app.log" -- "$java" $(cat "$dir/$app.use") $(aot_flag $app) \
            -jar listener-demo.jar $(fill "$(args_of $app)" $l $h)) || true
        fi
        ready=$(sed -n 's/.*ready_ms=\([0-9.]*\).*/\1/p' <<<"$line"); second=$(sed -n 's/.*second_ms=\([0-9.]*\).*/\1/p' <<<"$line")
        if [ -z "$ready" ]; then
          echo "  JDK $feature $mode $app: $line (log: $dir/$mode-$app.log)"; failed=1; continue
        fi
        echo "$feature $mode $app $round $ready ${second:-0}" >> "$RAW"
        printf '  JDK %s round %s %-5s %-8s ready %s ms%s\n' "$feature" "$round" "$mode" "$app" "$ready" \
          "$([ "$app" = off ] || echo ", HTTP port $second ms")"
      done
    done
  done
done

# ---- the table: medians, min-max
awk -v starts="$STARTS" '
  function sorted(key, v,   n, i, j, t) {
    n = split(vals[key], v, " ")
    for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] + 0 > t + 0; j--) v[j + 1] = v[j]; v[j + 1] = t }
    return n
  }
  function med(key,   v, n) { n = sorted(key, v); return n ? v[int((n + 1) / 2)] : "" }
  function cell(key,   v, n) { n = sorted(key, v); return n ? sprintf("%.0f (%.0f-%.0f)", v[int((n + 1) / 2)], v[1], v[n]) : "-" }
  function add(key, x) { vals[key] = (key in vals) ? vals[key] " " x : x }
  { add($1 SUBSEP $2 SUBSEP $3 SUBSEP "r", $5); add($1 SUBSEP $2 SUBSEP $3 SUBSEP "h", $6); jdk[$1] = 1 }
  END {
    print "| JDK | start | listener off: HTTP port (ms) | blocking: listener (ms) | blocking: HTTP port (ms) | netty: listener (ms) | netty: HTTP port (ms) | netty - blocking, listener (ms) |"
    print "|---|---|---:|---:|---:|---:|---:|---:|"
    n = 0; for (j in jdk) J[++n] = j
    for (i = 2; i <= n; i++) { t = J[i]; for (k = i - 1; k >= 1 && J[k] + 0 > t + 0; k--) J[k + 1] = J[k]; J[k + 1] = t }
    for (i = 1; i <= n; i++) for (m = 1; m <= 2; m++) {
      mode = m == 1 ? "plain" : "cache"; p = J[i] SUBSEP mode SUBSEP
      b = med(p "blocking" SUBSEP "r"); t = med(p "netty" SUBSEP "r")
      printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", J[i],
        mode == "plain" ? "plain `java -jar`" : (J[i] + 0 >= 25 ? "AOT cache + Boot AOT" : "AppCDS + Boot AOT"),
        cell(p "off" SUBSEP "r"), cell(p "blocking" SUBSEP "r"), cell(p "blocking" SUBSEP "h"),
        cell(p "netty" SUBSEP "r"), cell(p "netty" SUBSEP "h"), (b != "" && t != "") ? sprintf("%+.0f", t - b) : "-"
    }
    print ""
    print "Median of " starts " starts, (min-max) in brackets; from fork to the first connection accepted."
    for (i = 1; i <= n; i++) {
      pb = med(J[i] SUBSEP "plain" SUBSEP "blocking" SUBSEP "r"); cb = med(J[i] SUBSEP "cache" SUBSEP "blocking" SUBSEP "r")
      pn = med(J[i] SUBSEP "plain" SUBSEP "netty" SUBSEP "r"); cn = med(J[i] SUBSEP "cache" SUBSEP "netty" SUBSEP "r")
      if (pb != "" && cb != "" && pn != "" && cn != "")
        printf "JDK %s: with the cache, the listener is ready in %.2fx of the plain start on the blocking engine, %.2fx on Netty.\n", J[i], cb / pb, cn / pn
    }
  }' "$RAW" > "$WORK/table.md"

{
  echo "## Start time"
  echo
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')), Linux $(uname -r); not pinned; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  cat "$WORK/table.md"
  echo
  echo "Ready means: a TCP connect to the port on 127.0.0.1 succeeded. With the listener off there is no"
  echo "listener, so its cell is the first connect on the actuator's HTTP port (Tomcat, server.port). The"
  echo "cached starts run the extracted jar with the cache of a training run of the same cell (Boot's recipe:"
  echo "-Dspring.context.exit=onRefresh) and -Dspring.aot.enabled=true, except \"listener off\": Boot's AOT"
  echo "processing fixes listener.enabled at build time, so that cell runs with the JVM's cache only."
} > "$OUT/startup.md"
cat "$OUT/startup.md"
exit "$failed"
