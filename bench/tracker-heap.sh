#!/usr/bin/env bash
# Heap per stored peer of the real tracker-service (issue 15: at most 64 bytes at a million peers). Starts
# `./ossnet local` of a checkout on free ports, publishes FILES small files (its swarms), reads the live heap after
# a full GC (jcmd GC.class_histogram's total), announces PEERS distinct peers round-robin over the swarms with wrk
# (tracker/distinct-peers.lua), reads the live heap again and divides the difference by the stored peers the
# tracker reports (ossnet_announce_peers). With BASELINE_ROOT set (another checkout, such as the code before the
# compact store) it measures that one first, the same way, and prints both and their ratio.
# Knobs: PEERS (1000000), FILES (1000), CONNS (32), BENCH_WORK, OSSNET_LOCAL_JVM_OPTIONS (-Xmx1g -XX:+UseSerialGC, as
# tracker-bench.sh). Needs wrk, python3, ss, curl and a JDK 21+ with jcmd.
set -euo pipefail
export OSSNET_LOCAL_START_CACHE="${OSSNET_LOCAL_START_CACHE:-off}"
export OSSNET_LOCAL_JVM_OPTIONS="${OSSNET_LOCAL_JVM_OPTIONS:--Xmx1g -XX:+UseSerialGC}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${BENCH_WORK:-/tmp/ossnet-bench}/tracker-heap"
PEERS="${PEERS:-1000000}"
FILES="${FILES:-1000}"
CONNS="${CONNS:-32}"
JCMD="${JAVA_HOME:+$JAVA_HOME/bin/}jcmd"
mkdir -p "$WORK"
for tool in wrk python3 ss curl "$JCMD"; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }; done
. "$ROOT/bench/tracker/network.sh"
WRK_PID=
cleanup() {
  [ -n "$WRK_PID" ] && kill "$WRK_PID" 2>/dev/null || true
  stop_network
}
trap cleanup EXIT

live_heap() { # bytes of live objects in the tracker after a full GC, without the JVM's filler arrays (no objects)
  "$JCMD" "$TRACKER_PID" GC.class_histogram > "$1"
  awk '$1 ~ /^[0-9]+:$/ && $4 !~ /FillerElement/ {sum += $3} END {printf "%d", sum}' "$1"
}

stored_peers() {
  curl -fsS "$OSSNET_TRACKER_URL/actuator/prometheus" | awk '/^ossnet_announce_peers[ {]/ {printf "%d", $NF}'
}

# measure NAME ROOT: prints "NAME: ... bytes per peer" and leaves the figure in $WORK/NAME.result
measure() {
  local name="$1" root="$2" work="$WORK/$1" empty loaded peers started
  mkdir -p "$work"
  start_network "$root" "$work"
  publish_pool "$root" "$work" "$FILES"
  empty=$(live_heap "$work/histogram-empty.txt")
  echo "$name: live heap with $FILES swarms and no peers: $empty bytes"
  started=$SECONDS
  timeout -k 5 1800 wrk -t2 -c"$CONNS" -d1500s --timeout 10s -s "$ROOT/bench/tracker/distinct-peers.lua" \
    "$LISTENER_URL" -- "$POOL_FILE" > "$work/wrk.txt" 2>&1 &
  WRK_PID=$!
  while peers=$(stored_peers); [ "${peers:-0}" -lt "$PEERS" ]; do
    kill -0 "$WRK_PID" 2>/dev/null || { echo "wrk ended early:"; cat "$work/wrk.txt"; return 1; }
    [ $((SECONDS - started)) -lt 1500 ] || { echo "only $peers peers after 1500 s" >&2; return 1; }
    sleep 1
  done
  kill "$WRK_PID" 2>/dev/null || true; wait "$WRK_PID" 2>/dev/null || true; WRK_PID=
  loaded=$(live_heap "$work/histogram-loaded.txt")
  peers=$(stored_peers)
  echo "$name: live heap with $peers peers (loaded in $((SECONDS - started)) s): $loaded bytes"
  echo "$name: largest classes with the peers:"; sed -n 1,10p "$work/histogram-loaded.txt"
  awk -v a="$loaded" -v b="$empty" -v n="$peers" -v name="$name" \
    'BEGIN{printf "%s: %.1f bytes of heap per stored peer (%d peers, %d swarms)\n", name, (a-b)/n, n, '"$FILES"'}' |
    tee "$WORK/$name.result"
  stop_network
}

rm -f "$WORK"/*.result
if [ -n "${BASELINE_ROOT:-}" ]; then measure before "$BASELINE_ROOT"; fi
measure after "$ROOT"
echo "== heap per stored peer at $PEERS peers (target <= 64 bytes)"
cat "$WORK"/before.result "$WORK"/after.result 2>/dev/null
if [ -n "${BASELINE_ROOT:-}" ]; then
  awk '{print $2}' "$WORK/before.result" "$WORK/after.result" | paste -sd' ' |
    awk '{printf "ratio after/before: %.2fx\n", $2/$1}'
fi
echo "load: $(uptime)"
