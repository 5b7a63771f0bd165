#!/usr/bin/env bash
# Swarm benchmarks (b) and (c) of issue 4, OSSNET beside aria2c in one run (see docs/BENCHMARKS.md):
#  (b) one seed -> one leecher on loopback, uncapped: aria2c -> aria2c vs OSSNET -> OSSNET throughput;
#  (c) PEERS leechers, a FILE_MB file, every upload capped at RATE: time until all finish vs the Kumar-Ross bound,
#      and the seed's bytes sent in file copies; aria2c through ../shared/baselines/swarm-bench.py.
# Usage: bench/swarm-bench.sh [b|c|all]      Knobs (environment):
#   RUNS=3 PEERS=6 FILE_MB=256 B_FILE_MB=1024 RATE=20M  BENCH_WORK=/tmp/ossnet-bench-swarm
#   SKIP_ARIA2=1 (OSSNET only)  JFR=1 (a JFR recording per OSSNET peer, kept with KEEP=1)  JVM_OPTS=...
# Needs aria2c, mktorrent, opentracker (apt-get install aria2 mktorrent opentracker) and a JDK 21+.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASELINES="${BASELINES:-$ROOT/../shared/baselines}"
[ -d "$BASELINES" ] || BASELINES=/work/shared/baselines
WORK="${BENCH_WORK:-/tmp/ossnet-bench-swarm}"
CASES="${1:-all}"
mkdir -p "$WORK/classes"
for tool in aria2c mktorrent opentracker; do
  command -v "$tool" >/dev/null || { echo "needs $tool: apt-get install aria2 mktorrent opentracker" >&2; exit 1; }
done

# The launcher builds the agent when sources changed; --version only proves the jar runs.
"$ROOT/ossnet" --version > /dev/null
jdk21() { [ -x "$1/bin/javac" ] && "$1/bin/javac" -version 2>&1 | awk '{split($2, v, "."); exit !(v[1] >= 21)}'; }
for JAVA_HOME in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do jdk21 "${JAVA_HOME%/}" && break; done
jdk21 "${JAVA_HOME%/}" || { echo "needs a JDK 21+ (set JAVA_HOME)" >&2; exit 1; }
JAVA_HOME="${JAVA_HOME%/}"
CLI_JAR="$(ls "$ROOT"/peer-agent/target/peer-agent-*-cli.jar | head -n 1)"
# Until `ossnet seed` and `ossnet get --upload-rate --seed-time` exist, each peer is bench/swarm/SwarmBenchPeer.java.
"$JAVA_HOME/bin/javac" -d "$WORK/classes" -cp "$CLI_JAR" "$ROOT/bench/swarm/SwarmBenchPeer.java"

args=(--java "$JAVA_HOME/bin/java" --classpath "$WORK/classes:$CLI_JAR" --jvm-opts="${JVM_OPTS:--Xmx512m}"
      --work "$WORK" --baselines "$BASELINES" --baseline-work "$WORK/baselines" --runs "${RUNS:-3}"
      --peers "${PEERS:-6}" --file-mb "${FILE_MB:-256}" --b-file-mb "${B_FILE_MB:-1024}" --rate "${RATE:-20M}")
[ -n "${SKIP_ARIA2:-}" ] && args+=(--skip-aria2)
[ -n "${JFR:-}" ] && args+=(--jfr)
[ -n "${KEEP:-}" ] && args+=(--keep)
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) (shared with other builds)"
case "$CASES" in
  b|c) python3 "$ROOT/bench/swarm/swarm_runs.py" "$CASES" "${args[@]}" ;;
  all) python3 "$ROOT/bench/swarm/swarm_runs.py" b "${args[@]}"; python3 "$ROOT/bench/swarm/swarm_runs.py" c "${args[@]}" ;;
  *) echo "usage: $0 [b|c|all]" >&2; exit 2 ;;
esac
