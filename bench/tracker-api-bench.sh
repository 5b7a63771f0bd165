#!/usr/bin/env bash
# The tracker's CPU per authenticated API request (docs/BENCHMARKS.md): `./ossnet local` on free ports, then wrk
# (one thread, 4 kept-alive connections) POSTs an empty batch of download events to /api/v1/events with the local
# network's report token, so what is measured is Tomcat, Spring MVC, the bearer token's lookup and the receipt. Three
# 10 s warm-up runs, then RUNS measured ones, each printed as requests and tracker CPU per request (from /proc).
# BASELINE_ROOT=<another checkout> measures that code the same way, alternating with this one, ROUNDS times.
# Needs wrk, curl and a JDK 21+.
set -euo pipefail
export OSSNET_LOCAL_START_CACHE="${OSSNET_LOCAL_START_CACHE:-off}"   # steady state is measured
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${BENCH_WORK:-/tmp/ossnet-bench}/tracker-api"; RUNS="${RUNS:-3}"; ROUNDS="${ROUNDS:-2}"
for tool in wrk curl ss; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }; done

# measure ROOT LABEL: starts ROOT's local network, warms the tracker up, prints RUNS measured runs, stops it.
measure() {
  local root="$1" label="$2" work="$WORK/$2"
  rm -rf "$work"; mkdir -p "$work"
  (
    . "$root/bench/lib.sh"
    stop_all_on_exit
    "$root/ossnet" --version > /dev/null
    start_local_network "$root" "$work" > "$work/start.log" 2>&1
    local tracker="${OSSNET_TRACKER_URL%/}" pid
    pid=$(ss -ltnpH "sport = :${tracker##*:}" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
    cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"events":[]}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $OSSNET_REPORT_TOKEN"
LUA
    local status
    status=$(curl -s -o /dev/null -w "%{http_code}" -X POST -H "Content-Type: application/json" \
      -H "Authorization: Bearer $OSSNET_REPORT_TOKEN" -d '{"events":[]}' "$tracker/api/v1/events")
    [ "$status" = 200 ] || { echo "$label: the tracker answered $status, not 200" >&2; exit 1; }
    for _ in 1 2 3; do wrk -t1 -c4 -d10s -s "$work/post.lua" "$tracker/api/v1/events" > /dev/null 2>&1; done
    for run in $(seq "$RUNS"); do
      local t0 t1 out
      t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
      out=$(wrk -t1 -c4 -d10s -s "$work/post.lua" "$tracker/api/v1/events" 2>&1)
      t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
      echo "$out" | awk -v label="$label" -v run="$run" -v a="$t0" -v b="$t1" -v hz="$(getconf CLK_TCK)" '
        /requests in/ { n = $1 } /Non-2xx/ { bad = $NF }
        END { printf "%s run %d: %d requests in 10 s, %d not 2xx, tracker %.1f us CPU per request\n",
                     label, run, n, bad, (b - a) / hz * 1e6 / n }'
    done
  )
}

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$ROUNDS"); do
  [ -z "${BASELINE_ROOT:-}" ] || measure "$BASELINE_ROOT" baseline
  measure "$ROOT" ossnet
  [ -n "${BASELINE_ROOT:-}" ] || break
done
