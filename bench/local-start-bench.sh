#!/usr/bin/env bash
# Service start-up benchmark: `./ossnet local` with each service started from its jar as it is
# (OSSNET_LOCAL_START_CACHE=off) beside the same with the services' AOT start-up cache (JDK 25+; see
# docs/CONFIGURATION.md), in one run, alternating, every port free (see docs/BENCHMARKS.md, "Service start-up").
#  1. one training run: the cache of this build is removed, the network started with the cache on (the
#     services train it) and stopped; the time its stop takes (writing the caches) is reported;
#  2. ROUNDS rounds of: start with the cache off, stop; start with the cache on, stop.
# For each start: seconds until the last service is ready (the launcher's "<service> is up (N s)" lines),
# until everything is up (published and seeded), and the CPU seconds the four service JVMs used until then
# (utime + stime from /proc/<pid>/stat). Prints a table with the medians and the ratios cache/plain and
# appends it, with machine, date and JDK, to docs/BENCHMARKS.md (APPEND=0 does not).
#
# Usage: bench/local-start-bench.sh    Knobs (environment): ROUNDS (3), BENCH_WORK
#   (/tmp/ossnet-bench-start), APPEND (1). Needs python3 and a JDK 25+ for the cache (found by ./ossnet).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${ROUNDS:-3}"
WORK="${BENCH_WORK:-/tmp/ossnet-bench-start}"
APPEND="${APPEND:-1}"
PORTS=(--tracker-port 0 --signing-port 0 --stats-port 0 --region-port 0 --origin-port 0 --tracker-announce-port 0)
SERVICES=(tracker-service signing-service stats-service region-service)

rm -rf "$WORK"
mkdir -p "$WORK"
cd "$ROOT"
./ossnet help local > /dev/null # builds what is needed first, outside the timed runs

# start MODE LOG: starts ./ossnet local with the cache MODE (on|off), waits until everything is up, prints
# "<last service ready s> <everything up s> <service CPU s>" and leaves the launcher's pid in $WORK/pid.
start() {
  local mode="$1" log="$2"
  OSSNET_LOCAL_START_CACHE="$mode" setsid ./ossnet local --work "$WORK/network" "${PORTS[@]}" > "$log" 2>&1 &
  echo $! > "$WORK/pid"
  local i
  for i in $(seq 1 600); do
    grep -q "everything is up" "$log" && break
    if ! kill -0 "$(cat "$WORK/pid")" 2>/dev/null; then echo "ossnet local failed:" >&2; cat "$log" >&2; exit 1; fi
    sleep 0.5
  done
  local cpu=0 pid
  for pid in $(pgrep -s "$(cat "$WORK/pid")" -f -- "-service-[0-9.A-Z-]*\.jar"); do
    cpu=$(awk -v c="$cpu" -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", c + ($14 + $15) / hz }' "/proc/$pid/stat")
    tr '\0' '\n' < "/proc/$pid/cmdline" | head -1 > "$WORK/java"
  done
  local ready up
  ready=$(sed -n 's/^  [a-z]*-service is up (\([0-9]*\) s)$/\1/p' "$log" | sort -n | tail -1)
  up=$(sed -n 's/^  everything is up (\([0-9]*\) s)$/\1/p' "$log")
  echo "$ready $up $cpu"
}

# stop: SIGTERM to the launcher (as Ctrl-C); prints the seconds until it has exited.
stop() {
  local pid began
  pid="$(cat "$WORK/pid")"
  began=$(date +%s.%N)
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  awk -v a="$began" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'
}

for service in "${SERVICES[@]}"; do rm -rf "$ROOT/$service/target/ossnet-start-cache"; done
echo "== training run (the cache on, none written yet)"
training=$(start on "$WORK/training.log")
training_stop=$(stop)
echo "   started: $training (last ready s, everything up s, service CPU s); stop with writing the caches: $training_stop s"

: > "$WORK/runs"
for round in $(seq 1 "$ROUNDS"); do
  for mode in off on; do
    result=$(start "$mode" "$WORK/$mode-$round.log")
    stopped=$(stop)
    echo "$mode $result $stopped" | tee -a "$WORK/runs"
  done
done

TABLE=$(python3 - "$WORK/runs" "$ROUNDS" "$training" "$training_stop" <<'EOF'
import statistics, sys
runs = {"off": [], "on": []}
for line in open(sys.argv[1]):
    mode, ready, up, cpu, stop = line.split()
    runs[mode].append((float(ready), float(up), float(cpu), float(stop)))
med = {m: [statistics.median(r[i] for r in rs) for i in range(4)] for m, rs in runs.items()}
rows = [("last service ready (s)", 0), ("everything up (s)", 1), ("CPU of the four services until up (s)", 2),
        ("stop (s)", 3)]
print("| median of %s starts | plain jars (`OSSNET_LOCAL_START_CACHE=off`) | with the start-up cache | ratio |"
      % sys.argv[2])
print("|---|---|---|---|")
for name, i in rows:
    print("| %s | %.1f | %.1f | %.2f× |" % (name, med["off"][i], med["on"][i], med["on"][i] / med["off"][i]))
ready, up, cpu = sys.argv[3].split()
print()
print("The training run (no cache yet): last service ready %s s, everything up %s s, %s CPU-s; its stop, writing"
      " the four caches, %s s." % (ready, up, cpu, sys.argv[4]))
EOF
)
echo
echo "$TABLE"
if [ "$APPEND" = "1" ]; then
  {
    echo
    echo "### Service start-up, $(date -u +%Y-%m-%d) ($(nproc) cores, $("$(cat "$WORK/java")" -version 2>&1 | head -1))"
    echo
    echo "\`bench/local-start-bench.sh\`, ROUNDS=$ROUNDS:"
    echo
    echo "$TABLE"
  } >> "$ROOT/docs/BENCHMARKS.md"
fi
