#!/usr/bin/env bash
# Tracker announce benchmark, OSSNET beside opentracker in one run (see docs/BENCHMARKS.md):
# requests per tracker CPU-second under the same wrk script (../shared/baselines/announce.lua),
# against a tracker-service that knows 1,000 published files, and against Debian's opentracker
# whitelisting the same number of info-hashes. Prints both and the ratios of requests per tracker CPU-second
# (target >= 1.2x) and of p99 latency (target <= 2x).
# Needs wrk, opentracker, python3 and a JDK 21+. Work goes to $BENCH_WORK; wrk knobs pass through
# to the baseline script (THREADS, CONNS, DURATION, RUNS, WARMUP, NUMWANT). LEFT_MODES (default
# "zero mixed") runs each tracker once per mode: with left=0 every peer is a seed (our hand-out
# policy gives a seed leechers first, then seeds); "mixed" makes some peers leechers. ENDPOINTS (default "listener") picks
# what of ours is measured: "listener" is the dedicated announce port that discovery hands out,
# "servlet" the /announce servlet on the main (Tomcat) port; "listener servlet" runs both.
# FLOORS=1 also measures what answering costs with no tracker work at all, under the same wrk script: C responders
# (bench/tracker/floor.c, built with gcc: blocking calls, epoll as a server must, and epoll sending the reply with the
# end of the stream in one segment), Java ones on the JDK's sockets
# (bench/tracker/Floor.java: blocking calls, and the listener's selector) and the epoll one in Java through the
# foreign-function API (bench/tracker/FloorFfm.java, Java 22+), each printed as requests per CPU-second and as a
# ratio to opentracker's.
# SOCKETS (default "auto") is what drives the listener's sockets (ossnet.tracker.announce.sockets): "auto nio" measures
# the tracker on epoll and again on the JDK's selector, each on a network of its own, beside the same opentracker run.
set -euo pipefail
# Steady state is measured: the services never run as a training run of their start-up cache (docs/CONFIGURATION.md).
export OSSNET_LOCAL_START_CACHE="${OSSNET_LOCAL_START_CACHE:-off}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASELINES="${BASELINES:-$ROOT/../shared/baselines}"
WORK="${BENCH_WORK:-/tmp/ossnet-bench}/tracker"
FILES="${FILES:-1000}"
OT_PORT="${OT_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
LEFT_MODES="${LEFT_MODES:-zero mixed}"
ENDPOINTS="${ENDPOINTS:-listener}"
mkdir -p "$WORK"
for tool in wrk opentracker python3 ss; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }; done

. "$ROOT/bench/tracker/network.sh"
floor_pid=
cleanup() {
  stop_network
  "$BASELINES/stop-opentracker.sh" >/dev/null 2>&1 || true
  [ -z "$floor_pid" ] || kill "$floor_pid" 2>/dev/null || true
}
trap cleanup EXIT

# The services' heap as the k8s deployment sizes the tracker (1 GiB), not ./ossnet local's laptop
# default of 384 MiB: three runs per mode leave about a million peers in the swarm tables.
export OSSNET_LOCAL_JVM_OPTIONS="${OSSNET_LOCAL_JVM_OPTIONS:--Xmx1g -XX:+UseSerialGC}"
SOCKETS="${SOCKETS:-auto}"
for sockets in $SOCKETS; do
  export OSSNET_TRACKER_ANNOUNCE_SOCKETS=$sockets
  start_network "$ROOT" "$WORK"
  publish_pool "$ROOT" "$WORK" "$FILES"
  echo "== $(grep -o 'Announce listener on .*' "$WORK/network/logs/tracker-service.log" | tail -1)"
  for endpoint in $ENDPOINTS; do
    case "$endpoint" in
      listener) url="$LISTENER_URL" ;;
      servlet) url="http://127.0.0.1:$TRACKER_PORT/announce" ;;
      *) echo "ENDPOINTS: listener or servlet, not $endpoint" >&2; exit 1 ;;
    esac
    for mode in $LEFT_MODES; do
      echo "== OSSNET tracker-service ($endpoint, $url, sockets=$sockets), LEFT_MODE=$mode"
      TAG=ossnet-$endpoint-$mode-$sockets LEFT_MODE=$mode TRACKER_PID="$TRACKER_PID" POOL="$POOL_FILE" \
        BASELINE_WORK="$WORK/baseline" "$BASELINES/tracker-bench.sh" "$url" | tee "$WORK/ossnet-$endpoint-$mode-$sockets.txt"
    done
  done
  stop_network
done

BASELINE_WORK="$WORK/baseline" "$BASELINES/start-opentracker.sh" "$OT_PORT"
OT_PID=$(cat "$WORK/baseline/ot/opentracker.pid")
for mode in $LEFT_MODES; do
  echo "== opentracker, LEFT_MODE=$mode"
  TAG=opentracker-$mode LEFT_MODE=$mode TRACKER_PID="$OT_PID" BASELINE_WORK="$WORK/baseline" \
    "$BASELINES/tracker-bench.sh" "http://127.0.0.1:$OT_PORT/announce" | tee "$WORK/opentracker-$mode.txt"
done
BASELINE_WORK="$WORK/baseline" "$BASELINES/stop-opentracker.sh" || true

# The floors: a responder that accepts, reads, writes a canned reply of 50 peers and closes, and nothing else.
if [ -n "${FLOORS:-}" ]; then
  command -v gcc >/dev/null || { echo "FLOORS=1 needs gcc" >&2; exit 1; }
  gcc -O2 -o "$WORK/floor" "$ROOT/bench/tracker/floor.c"
  java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  FLOOR_KINDS="c-blocking c-epoll c-epoll-more java-blocking java-selector"
  java_major=$("$java" -XshowSettings:properties -version 2>&1 | awk -F= '/java.specification.version/ {gsub(/ /, "", $2); print $2}')
  if [ "${java_major%%.*}" -ge 22 ]; then FLOOR_KINDS+=" java-ffm"; else echo "FLOORS: java-ffm needs Java 22+" >&2; fi
  for floor in $FLOOR_KINDS; do
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    case "$floor" in
      c-*) "$WORK/floor" "$port" "${floor#c-}" & ;;
      java-ffm) "$java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx64m "$ROOT/bench/tracker/FloorFfm.java" \
                  "$port" & ;;
      java-*) "$java" -XX:+UseSerialGC -Xmx64m "$ROOT/bench/tracker/Floor.java" "$port" "${floor#java-}" & ;;
    esac
    floor_pid=$!
    for _ in $(seq 100); do ss -ltn "sport = :$port" | grep -q LISTEN && break; sleep 0.1; done
    for mode in $LEFT_MODES; do
      echo "== floor $floor, LEFT_MODE=$mode"
      TAG=floor-$floor-$mode LEFT_MODE=$mode TRACKER_PID="$floor_pid" BASELINE_WORK="$WORK/baseline" \
        "$BASELINES/tracker-bench.sh" "http://127.0.0.1:$port/announce" | tee "$WORK/floor-$floor-$mode.txt"
    done
    kill "$floor_pid"; wait "$floor_pid" 2>/dev/null || true
    floor_pid=
  done
fi

for sockets in $SOCKETS; do
  for endpoint in $ENDPOINTS; do
    for mode in $LEFT_MODES; do
      ours=$(grep -o '[0-9]* req per tracker CPU-s' "$WORK/ossnet-$endpoint-$mode-$sockets.txt" | awk '{print $1}')
      theirs=$(grep -o '[0-9]* req per tracker CPU-s' "$WORK/opentracker-$mode.txt" | awk '{print $1}')
      our_p99=$(grep -o 'p99=[0-9]*' "$WORK/ossnet-$endpoint-$mode-$sockets.txt" | tail -1 | cut -d= -f2)
      their_p99=$(grep -o 'p99=[0-9]*' "$WORK/opentracker-$mode.txt" | tail -1 | cut -d= -f2)
      echo "== $endpoint sockets=$sockets LEFT_MODE=$mode requests per tracker CPU-second: OSSNET $ours," \
        "opentracker $theirs, ratio $(awk -v a="$ours" -v b="$theirs" 'BEGIN{printf "%.2f", a/b}')x (target >= 1.2x);" \
        "median p99 OSSNET ${our_p99} us, opentracker ${their_p99} us," \
        "$(awk -v a="$our_p99" -v b="$their_p99" 'BEGIN{printf "%.2f", a/b}')x (target <= 2x)"
    done
  done
done
for floor in ${FLOOR_KINDS:-}; do
  for mode in $LEFT_MODES; do
    ours=$(grep -o '[0-9]* req per tracker CPU-s' "$WORK/floor-$floor-$mode.txt" | awk '{print $1}')
    theirs=$(grep -o '[0-9]* req per tracker CPU-s' "$WORK/opentracker-$mode.txt" | awk '{print $1}')
    echo "== floor $floor LEFT_MODE=$mode (no tracker work): $ours requests per CPU-second," \
      "$(awk -v a="$ours" -v b="$theirs" 'BEGIN{printf "%.2f", a/b}')x opentracker's"
  done
done
echo "load: $(uptime)"
