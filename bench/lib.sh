# Sourced by the benches: stopping what they started, and small figures helpers. The caller sets
# `set -euo pipefail`, WORK, and appends the PIDs of what it starts to PIDS (the network's to NETWORK_PID).

PIDS=()

# stop_all: stops PIDS in reverse order of start, then the network (which stops its services), each with TERM and
# KILL after a bounded wait; removes WORK unless KEEP=1.
stop_all() {
  local i pid
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill -TERM "${PIDS[i]}" 2>/dev/null || true; done
  for pid in ${PIDS[@]+"${PIDS[@]}"}; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [ -n "${NETWORK_PID:-}" ]; then
    kill -TERM "$NETWORK_PID" 2>/dev/null || true
    for _ in $(seq 1 120); do kill -0 "$NETWORK_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$NETWORK_PID" 2>/dev/null || true
  fi
  [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
}

# stop_all_on_exit: runs stop_all however the script ends, keeping its exit status.
stop_all_on_exit() {
  trap 'rc=$?; stop_all; exit $rc' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
now() { date +%s.%N; }

# start_local_network ROOT WORK: starts ROOT's `./ossnet local` with every port free, its work in WORK/network (its log
# in WORK/network.log, both started afresh), waits (at most five minutes) for the env file it writes and exports what
# it names (OSSNET_TRACKER_URL, ...); sets NETWORK_PID, which stop_all stops.
start_local_network() {
  local root="$1" work="$2"
  rm -rf "$work/network"
  "$root/ossnet" local --work "$work/network" --tracker-port 0 --signing-port 0 --stats-port 0 --region-port 0 \
    --origin-port 0 --tracker-announce-port 0 > "$work/network.log" 2>&1 &
  NETWORK_PID=$!
  for _ in $(seq 1 300); do [ -f "$work/network/env" ] && break; kill -0 "$NETWORK_PID" || break; sleep 1; done
  [ -f "$work/network/env" ] || { cat "$work/network.log"; return 1; }
  set -a; . "$work/network/env"; set +a
}
