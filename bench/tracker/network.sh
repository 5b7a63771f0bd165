# Sourced by tracker-bench.sh and tracker-heap.sh: a local network of one checkout on free ports, and a pool of
# info-hashes it knows. Needs python3, ss and curl; the caller sets `set -euo pipefail`.

# The network's start is the other benches' (bench/lib.sh), only its checkout may be another (BASELINE_ROOT).
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# start_network ROOT WORK: starts ROOT's `./ossnet local` with its work in WORK/network (OSSNET_LOCAL_JVM_OPTIONS
# passes through) and sets NETWORK_PID, OSSNET_TRACKER_URL (and the rest of the network's env), TRACKER_PORT,
# TRACKER_PID and LISTENER_URL, the announce URL clients find in the discovery document.
start_network() {
  local root="$1" work="$2"
  echo "== starting a local network of $root in $work/network (JVM options: ${OSSNET_LOCAL_JVM_OPTIONS:-default})"
  start_local_network "$root" "$work"
  TRACKER_PORT="${OSSNET_TRACKER_URL##*:}"; TRACKER_PORT="${TRACKER_PORT%%/*}"
  TRACKER_PID=$(ss -ltnpH "sport = :$TRACKER_PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
  [ -n "$TRACKER_PID" ] || { echo "cannot find the tracker's pid on port $TRACKER_PORT" >&2; return 1; }
  echo "tracker-service pid $TRACKER_PID on port $TRACKER_PORT"
  LISTENER_URL=$(curl -fsS "$OSSNET_TRACKER_URL/.well-known/ossnet.json" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["announce"])')
  echo "announce listener at $LISTENER_URL"
}

# stop_network: stops the network start_network started, if any.
stop_network() {
  if [ -n "${NETWORK_PID:-}" ]; then
    kill -TERM "$NETWORK_PID" 2>/dev/null || true
    wait "$NETWORK_PID" 2>/dev/null || true
    NETWORK_PID=
  fi
}

# publish_pool ROOT WORK FILES: publishes FILES small files to the running network with ROOT's agent and sets
# POOL_FILE, their info-hashes one per line (a wrk pool, and the tracker's known swarms).
publish_pool() {
  local root="$1" work="$2" files="$3" tree="$2/tree-$3"
  echo "== publishing $files small files"
  rm -rf "$tree"; mkdir -p "$tree"
  python3 - "$tree" "$files" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    with open(os.path.join(root, "f-%05d.bin" % i), "wb") as f:
        f.write(os.urandom(1024 + i))
PY
  OSSNET_HOME="$work/home" "$root/ossnet" publish "$tree" \
    --collection "ossnet://${OSSNET_TRACKER_URL#http://}/bench/announce" \
    --tracker "$OSSNET_TRACKER_URL" > "$work/publish.out" 2>&1 || { cat "$work/publish.out"; return 1; }
  local snapshot_url
  snapshot_url=$(grep '^snapshot' "$work/publish.out" | awk '{print $2}')
  POOL_FILE="$work/pool-ossnet.txt"
  curl -fsS "$snapshot_url" |
    python3 -c 'import json,sys; [print(f["infoHash"]) for f in json.load(sys.stdin)["files"] if "infoHash" in f]' \
    > "$POOL_FILE"
  echo "$(wc -l < "$POOL_FILE") info-hashes in $POOL_FILE"
  sleep 2   # the tracker picks up new swarms within swarm-refresh (500ms)
}
