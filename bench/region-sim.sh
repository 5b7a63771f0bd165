#!/usr/bin/env bash
# Region hand-out simulation (issue 13): 100,000 peers in 10 regions on 3 continents fetch one file in a flash
# crowd, once per hand-out policy — random (DefaultHandoutPolicy), OSSNET's RegionHandoutPolicy, and the same with
# its starvation guard off — over the same world. Peers learn of each other only through a real InMemoryPeerStore
# and the real policy classes; pieces then move in one-second rounds limited by upload and download rates. Prints
# origin egress, cross-region and cost-weighted bytes and completion times side by side (see docs/BENCHMARKS.md).
# A model, not a test. Knobs (environment): PEERS, FILE_MIB, PIECES, ARRIVAL_S, PEER_UP_MIBS, PEER_DOWN_MIBS,
# ORIGIN_UP_MIBS, ORIGIN_CONNECTIONS, PEER_CONNECTIONS, NUMWANT, ANNOUNCE_S, MAX_S, SEED, SCAN_MIN, SCAN_PER_WANTED, VARIANTS
# ("random ossnet noguard"), SIM_JVM_OPTIONS. Needs a JDK 21+ (JAVA_HOME) and the announce module compiled.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA_BIN="${JAVA_HOME:+$JAVA_HOME/bin/}"
OUT="${BENCH_WORK:-/tmp/ossnet-bench}/region-sim/classes"
M2="${M2_REPO:-$HOME/.m2/repository}"

if [ ! -d "$ROOT/announce/target/classes/org/ossnet/announce/region" ] || [ ! -d "$ROOT/core/target/classes" ]; then
  (cd "$ROOT" && ./mvnw -B -o -q compile -pl announce)
fi
micrometer() { ls "$M2"/io/micrometer/"$1"/*/"$1"-*.jar | grep -v -e sources -e javadoc | sort -V | tail -1; }
CP="$ROOT/announce/target/classes:$ROOT/core/target/classes:$(micrometer micrometer-core):$(micrometer micrometer-commons):$(micrometer micrometer-observation)"

rm -rf "$OUT" && mkdir -p "$OUT"
"${JAVA_BIN}javac" --release 21 -d "$OUT" -cp "$CP" "$ROOT"/bench/region-sim/*.java
# shellcheck disable=SC2086
exec "${JAVA_BIN}java" ${SIM_JVM_OPTIONS:--Xmx2g -XX:+UseParallelGC} -cp "$OUT:$CP" RegionSim "$@"
