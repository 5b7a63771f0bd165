#!/usr/bin/env bash
# Tracker announce benchmark, OSSNET beside opentracker in one run (see docs/BENCHMARKS.md):
# requests per tracker CPU-second under the same wrk script (../shared/baselines/announce.lua),
# against a tracker-service that knows 1,000 published files, and against Debian's opentracker
# whitelisting the same number of info-hashes. Prints both and the ratio (target >= 0.5x).
# Needs wrk, opentracker, python3 and a JDK 21+. Work goes to $BENCH_WORK; wrk knobs pass through
# to the baseline script (THREADS, CONNS, DURATION, RUNS, WARMUP, NUMWANT). LEFT_MODES (default
# "zero mixed") runs each tracker once per mode: with left=0 every peer is a seed (our hand-out
# policy gives a seed leechers first, then seeds); "mixed" makes some peers leechers. ENDPOINTS (default "listener") picks
# what of ours is measured: "listener" is the dedicated announce port that discovery hands out,
# "servlet" the /announce servlet on the main (Tomcat) port; "listener servlet" runs both.
set -euo pipefail
# Steady state is measured: the services never run as a training run of their start-up cache (docs/CONFIGURATION.md).
export OSSNET_LOCAL_START_CACHE="${OSSNET_LOCAL_START_CACHE:-off}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASELINES="${BASELINES:-$ROOT/../shared/baselines}"
WORK="${BENCH_WORK:-/tmp/ossnet-bench}/tracker"
FILES="${FILES:-1000}"
OT_PORT="${OT_PORT:-6969}"
LEFT_MODES="${LEFT_MODES:-zero mixed}"
ENDPOINTS="${ENDPOINTS:-listener}"
mkdir -p "$WORK"
for tool in wrk opentracker python3 ss; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }; done

cleanup() {
  [ -n "${NETWORK_PID:-}" ] && kill -TERM "$NETWORK_PID" 2>/dev/null && wait "$NETWORK_PID" 2>/dev/null || true
  "$BASELINES/stop-opentracker.sh" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# The services' heap as the k8s deployment sizes the tracker (1 GiB), not ./ossnet local's laptop
# default of 384 MiB: three runs per mode leave about a million peers in the swarm tables.
export OSSNET_LOCAL_JVM_OPTIONS="${OSSNET_LOCAL_JVM_OPTIONS:--Xmx1g -XX:+UseSerialGC}"
echo "== starting a local network in $WORK/network (JVM options: $OSSNET_LOCAL_JVM_OPTIONS)"
rm -rf "$WORK/network"
"$ROOT/ossnet" local --work "$WORK/network" --tracker-port 0 --signing-port 0 --stats-port 0 --region-port 0 \
  --origin-port 0 --tracker-announce-port 0 > "$WORK/network.log" 2>&1 &
NETWORK_PID=$!
for _ in $(seq 1 300); do [ -f "$WORK/network/env" ] && break; sleep 1; done
[ -f "$WORK/network/env" ] || { cat "$WORK/network.log"; exit 1; }
set -a; . "$WORK/network/env"; set +a
TRACKER_PORT="${OSSNET_TRACKER_URL##*:}"; TRACKER_PORT="${TRACKER_PORT%%/*}"
TRACKER_PID=$(ss -ltnpH "sport = :$TRACKER_PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
[ -n "$TRACKER_PID" ] || { echo "cannot find the tracker's pid on port $TRACKER_PORT" >&2; exit 1; }
echo "tracker-service pid $TRACKER_PID on port $TRACKER_PORT"
# The announce URL clients are given, as they find it: from the discovery document.
LISTENER_URL=$(curl -fsS "$OSSNET_TRACKER_URL/.well-known/ossnet.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["announce"])')
echo "announce listener at $LISTENER_URL"

echo "== publishing $FILES small files"
TREE="$WORK/tree-$FILES"
rm -rf "$TREE"; mkdir -p "$TREE"
python3 - "$TREE" "$FILES" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    with open(os.path.join(root, "f-%05d.bin" % i), "wb") as f:
        f.write(os.urandom(1024 + i))
PY
OSSNET_HOME="$WORK/home" "$ROOT/ossnet" publish "$TREE" --collection "ossnet://${OSSNET_TRACKER_URL#http://}/bench/announce" \
  --tracker "$OSSNET_TRACKER_URL" > "$WORK/publish.out" 2>&1 || { cat "$WORK/publish.out"; exit 1; }
SNAPSHOT_URL=$(grep '^snapshot' "$WORK/publish.out" | awk '{print $2}')
POOL_FILE="$WORK/pool-ossnet.txt"
curl -fsS "$SNAPSHOT_URL" | python3 -c 'import json,sys; [print(f["infoHash"]) for f in json.load(sys.stdin)["files"] if "infoHash" in f]' > "$POOL_FILE"
echo "$(wc -l < "$POOL_FILE") info-hashes in $POOL_FILE"
sleep 2   # the tracker picks up new swarms within swarm-refresh (500ms)

for endpoint in $ENDPOINTS; do
  case "$endpoint" in
    listener) url="$LISTENER_URL" ;;
    servlet) url="http://127.0.0.1:$TRACKER_PORT/announce" ;;
    *) echo "ENDPOINTS: listener or servlet, not $endpoint" >&2; exit 1 ;;
  esac
  for mode in $LEFT_MODES; do
    echo "== OSSNET tracker-service ($endpoint, $url), LEFT_MODE=$mode"
    TAG=ossnet-$endpoint-$mode LEFT_MODE=$mode TRACKER_PID="$TRACKER_PID" POOL="$POOL_FILE" BASELINE_WORK="$WORK/baseline" \
      "$BASELINES/tracker-bench.sh" "$url" | tee "$WORK/ossnet-$endpoint-$mode.txt"
  done
done
kill -TERM "$NETWORK_PID"; wait "$NETWORK_PID" 2>/dev/null || true; NETWORK_PID=

BASELINE_WORK="$WORK/baseline" "$BASELINES/start-opentracker.sh" "$OT_PORT"
OT_PID=$(cat "$WORK/baseline/ot/opentracker.pid")
for mode in $LEFT_MODES; do
  echo "== opentracker, LEFT_MODE=$mode"
  TAG=opentracker-$mode LEFT_MODE=$mode TRACKER_PID="$OT_PID" BASELINE_WORK="$WORK/baseline" \
    "$BASELINES/tracker-bench.sh" "http://127.0.0.1:$OT_PORT/announce" | tee "$WORK/opentracker-$mode.txt"
done
BASELINE_WORK="$WORK/baseline" "$BASELINES/stop-opentracker.sh" || true

for endpoint in $ENDPOINTS; do
  for mode in $LEFT_MODES; do
    ours=$(grep -o '[0-9]* req per tracker CPU-s' "$WORK/ossnet-$endpoint-$mode.txt" | awk '{print $1}')
    theirs=$(grep -o '[0-9]* req per tracker CPU-s' "$WORK/opentracker-$mode.txt" | awk '{print $1}')
    echo "== $endpoint LEFT_MODE=$mode requests per tracker CPU-second: OSSNET $ours, opentracker $theirs," \
      "ratio $(awk -v a="$ours" -v b="$theirs" 'BEGIN{printf "%.2f", a/b}')x (target >= 0.5x)"
  done
done
