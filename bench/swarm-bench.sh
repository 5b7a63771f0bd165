#!/usr/bin/env bash
# Swarm benchmarks (b) and (c) of issues 4 and 15, the real `ossnet seed` and `ossnet get` beside aria2c in one run
# (see docs/BENCHMARKS.md):
#  (b) one seed -> one leecher on loopback, uncapped: aria2c -> aria2c vs `ossnet seed` -> `ossnet get`: throughput,
#      the leecher's CPU seconds and peak RSS;
#  (c) PEERS leechers, a FILE_MB file, every upload capped at RATE: time until all finish vs the Kumar-Ross bound,
#      the seed's bytes sent in file copies and every peer's CPU; aria2c through ../shared/baselines/swarm-bench.py.
# The OSSNET side starts `./ossnet local` and publishes the payload to its tracker (no origin URL: no web seed).
# Every process listens on a free port. Usage: bench/swarm-bench.sh [b|c|all]      Knobs (environment):
#   RUNS=3 PEERS=6 FILE_MB=256 B_FILE_MB=1024 RATE=20M  BENCH_WORK=/tmp/ossnet-bench-swarm
#   SKIP_ARIA2=1 (OSSNET only)  JFR=1 (a JFR recording per OSSNET process, kept with KEEP=1)
#   JVM_OPTS=... (JAVA_TOOL_OPTIONS for the OSSNET commands, e.g. to try heap and GC settings; default none)
# Needs aria2c, mktorrent, opentracker (apt-get install aria2 mktorrent opentracker), python3 and a JDK 21+.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASELINES="${BASELINES:-$ROOT/../shared/baselines}"
[ -d "$BASELINES" ] || BASELINES=/work/shared/baselines
WORK="${BENCH_WORK:-/tmp/ossnet-bench-swarm}"
CASES="${1:-all}"
mkdir -p "$WORK"
for tool in aria2c mktorrent opentracker python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool: apt-get install aria2 mktorrent opentracker" >&2; exit 1; }
done

# The launcher builds the agent and the services when sources changed: here, before anything is timed.
"$ROOT/ossnet" --version > /dev/null

args=(--root "$ROOT" --jvm-opts="${JVM_OPTS:-}" --work "$WORK" --baselines "$BASELINES"
      --baseline-work "$WORK/baselines" --runs "${RUNS:-3}" --peers "${PEERS:-6}" --file-mb "${FILE_MB:-256}"
      --b-file-mb "${B_FILE_MB:-1024}" --rate "${RATE:-20M}")
[ -n "${SKIP_ARIA2:-}" ] && args+=(--skip-aria2)
[ -n "${JFR:-}" ] && args+=(--jfr)
[ -n "${KEEP:-}" ] && args+=(--keep)
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) (shared with other builds)"
case "$CASES" in
  b|c) python3 "$ROOT/bench/swarm/swarm_runs.py" "$CASES" "${args[@]}" ;;
  all) python3 "$ROOT/bench/swarm/swarm_runs.py" b "${args[@]}"; python3 "$ROOT/bench/swarm/swarm_runs.py" c "${args[@]}" ;;
  *) echo "usage: $0 [b|c|all]" >&2; exit 2 ;;
esac
