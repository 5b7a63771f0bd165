#!/usr/bin/env bash
# Start-up benchmark of `ossnet get` of a small file (issue 15: at most 0.5 s wall, JVM start included; see
# docs/BENCHMARKS.md, "Start-up: ossnet get of a small file"). On loopback, in one run:
#  1. starts `./ossnet local` (every port free), an origin (`ossnet serve` on a free port) holding one SIZE-byte file,
#     and publishes it with that origin as its web seed;
#  2. makes sure the launcher's start-up cache of this build exists (a `./ossnet --version`, then waits for the
#     background training; docs/CONFIGURATION.md, OSSNET_START_CACHE);
#  3. ROUNDS rounds, alternating: `./ossnet get` of the file with the cache off (OSSNET_START_CACHE=off), with it on,
#     and (when VARIANT_OPTIONS is set) with it on and OSSNET_JVM_OPTIONS=$VARIANT_OPTIONS; then the baselines: curl,
#     wget and aria2c of the same file from the same origin. Each into an empty directory; wall and CPU (user + sys,
#     children included) from /usr/bin/time;
#  4. the launcher's own work before the JVM starts (bash, finding the JDK, the build check, the cache key): from the
#     launcher's exec to the JVM's exec under strace, when strace is there.
# Prints the medians, the ratios to curl and to the 0.5 s goal, with the machine's load, and appends them to
# docs/BENCHMARKS.md (APPEND=0 does not).
#
# Usage: bench/get-start-bench.sh    Knobs (environment): ROUNDS (10), SIZE (10240 bytes), VARIANT_OPTIONS (unset),
#   BENCH_WORK (/tmp/ossnet-bench-get-start), APPEND (1), KEEP (0). Needs curl, wget, aria2c, python3; a JDK 21+.
set -euo pipefail
# The services' steady state: they never run as a training run of their own start-up cache.
export OSSNET_LOCAL_START_CACHE="${OSSNET_LOCAL_START_CACHE:-off}"
unset OSSNET_JVM_OPTIONS OSSNET_START_CACHE

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${ROUNDS:-10}"; SIZE="${SIZE:-10240}"; APPEND="${APPEND:-1}"
WORK="${BENCH_WORK:-/tmp/ossnet-bench-get-start}"
for tool in curl wget aria2c python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install $tool)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

rm -rf "$WORK"; mkdir -p "$WORK"
PIDS=()
cleanup() {
  local rc=$? pid
  for pid in ${PIDS[@]+"${PIDS[@]}"}; do
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  [ "${KEEP:-0}" = 1 ] || rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
load() { cut -d' ' -f1-3 /proc/loadavg; }

cd "$ROOT"
./ossnet --version > /dev/null # builds the jars if sources changed, before anything is timed

echo "== starting the local network in $WORK/network"
./ossnet local --work "$WORK/network" --tracker-port 0 --signing-port 0 --stats-port 0 --region-port 0 \
  --origin-port 0 --tracker-announce-port 0 > "$WORK/network.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 400); do
  grep -q "everything is up" "$WORK/network.log" && break
  kill -0 "${PIDS[0]}" || break
  sleep 1
done
grep -q "everything is up" "$WORK/network.log" || { cat "$WORK/network.log"; exit 1; }
set -a; . "$WORK/network/env"; set +a
TRACKER="$OSSNET_TRACKER_URL"
COLLECTION="ossnet://${TRACKER#http://}"; COLLECTION="${COLLECTION%/}/bench/start"

echo "== an origin with one file of $SIZE bytes, published as $COLLECTION"
mkdir -p "$WORK/tree"
head -c "$SIZE" /dev/urandom > "$WORK/tree/small.bin"
OSSNET_START_CACHE=off ./ossnet serve "$WORK/tree" --bind 127.0.0.1 --port 0 --quiet > "$WORK/origin.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do grep -q "^serving " "$WORK/origin.log" && break; sleep 0.5; done
ORIGIN=$(sed -n 's/^serving .* at \(http[^ ]*\)$/\1/p' "$WORK/origin.log")
[ -n "$ORIGIN" ] || { cat "$WORK/origin.log"; exit 1; }
OSSNET_HOME="$WORK/publisher" ./ossnet publish "$WORK/tree" --collection "$COLLECTION" --tracker "$TRACKER" \
  --origin-url "$ORIGIN" > "$WORK/publish.log" 2>&1 || { cat "$WORK/publish.log"; exit 1; }
NAME="$COLLECTION/small.bin"; URL="${ORIGIN%/}/small.bin"
JAVA_BIN=$(tr '\0' '\n' < "/proc/${PIDS[1]}/cmdline" | head -n 1) # the launcher's JDK, as the origin runs it
JDK=$("$JAVA_BIN" -version 2>&1 | head -n 1)
export OSSNET_HOME="$WORK/client"

echo "== the launcher's start-up cache of this build"
ossnet_get() { ./ossnet get "$NAME" -o "$1" --progress none; }
ossnet_get "$WORK/warm-up" > "$WORK/warm-up.log" 2>&1 || { cat "$WORK/warm-up.log"; exit 1; } # pins the key
cmp -s "$WORK/tree/small.bin" "$WORK/warm-up/small.bin" || { echo "get fetched the wrong bytes" >&2; exit 1; }
train() { # waits until the cache for these options is trained (at most 5 minutes)
  ./ossnet --version > /dev/null
  for _ in $(seq 1 600); do
    [ -z "$(ls -d peer-agent/target/ossnet-start-cache/*.training 2>/dev/null)" ] && return 0
    sleep 0.5
  done
  echo "the start-up cache was not trained within 5 minutes" >&2; exit 1
}
train
[ -z "${VARIANT_OPTIONS:-}" ] || OSSNET_JVM_OPTIONS="$VARIANT_OPTIONS" train
ls -la peer-agent/target/ossnet-start-cache/

# measure LABEL COMMAND...: runs COMMAND into a fresh directory $OUT, appends "LABEL wall cpu" to $WORK/runs.
measure() {
  local label="$1"; shift
  rm -rf "$WORK/out"; mkdir -p "$WORK/out"
  /usr/bin/time -f "$label %e %U %S" -a -o "$WORK/runs" "$@" > "$WORK/last.log" 2>&1 ||
    { echo "$label failed:" >&2; cat "$WORK/last.log" >&2; exit 1; }
  cmp -s "$WORK/tree/small.bin" "$WORK/out/small.bin" || { echo "$label fetched the wrong bytes" >&2; exit 1; }
}
OUT="$WORK/out"
: > "$WORK/runs"
echo "== $ROUNDS rounds (load $(load))"
for round in $(seq 1 "$ROUNDS"); do
  measure "get-cache-off" env OSSNET_START_CACHE=off ./ossnet get "$NAME" -o "$OUT" --progress none
  measure "get-cache-on" ./ossnet get "$NAME" -o "$OUT" --progress none
  if [ -n "${VARIANT_OPTIONS:-}" ]; then
    measure "get-cache-on-variant" \
      env OSSNET_JVM_OPTIONS="$VARIANT_OPTIONS" ./ossnet get "$NAME" -o "$OUT" --progress none
  fi
  measure "curl" curl -fsS -o "$OUT/small.bin" "$URL"
  measure "wget" wget -q -O "$OUT/small.bin" "$URL"
  measure "aria2c" aria2c -q --allow-overwrite=true -d "$OUT" -o small.bin "$URL"
  echo "   round $round done (load $(load))"
done

LAUNCHER="n/a"
if command -v strace > /dev/null; then
  for _ in 1 2 3 4 5; do
    # Not -f: the launcher execs the JVM in its own process, so its first and last execve bound its work.
    strace -tt -e trace=execve -o "$WORK/strace.log" ./ossnet --version > /dev/null 2>&1
    python3 - "$WORK/strace.log" >> "$WORK/launcher" <<'PY'
import re, sys
times = [(re.search(r"\d+:\d+:\d+\.\d+", l).group(), l) for l in open(sys.argv[1]) if "execve(" in l and "= 0" in l]
def seconds(t):
    h, m, s = t.split(":"); return int(h) * 3600 + int(m) * 60 + float(s)
start = seconds(times[0][0])
java = next(seconds(t) for t, l in times if re.search(r'execve\("[^"]*/bin/java"', l) and "train-start-cache" not in l)
print("%.3f" % (java - start))
PY
  done
  LAUNCHER=$(sort -n "$WORK/launcher" | sed -n 3p)
fi

TABLE=$(python3 - "$WORK/runs" "$ROUNDS" "$SIZE" "$LAUNCHER" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    label, wall, user, system = line.split()
    runs.setdefault(label, []).append((float(wall), float(user) + float(system)))
med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}
names = {"get-cache-off": "`ossnet get`, start-up cache off", "get-cache-on": "`ossnet get`, start-up cache on",
         "get-cache-on-variant": "`ossnet get`, cache on, OSSNET_JVM_OPTIONS=variant",
         "curl": "curl (baseline)", "wget": "wget", "aria2c": "aria2c"}
curl = med["curl"][0]  # /usr/bin/time has 10 ms steps: a 0.00 is "under 10 ms"
print("| median of %s runs, %s-byte file | wall s | CPU s | wall vs curl | wall vs the 0.5 s goal |"
      % (sys.argv[2], sys.argv[3]))
print("|---|---|---|---|---|")
for key in names:
    if key in med:
        wall, cpu = med[key]
        print("| %s | %.3f | %.2f | %.0f× | %.2f× |" % (names[key], wall, cpu, wall / max(curl, 0.001), wall / 0.5))
off, on = med["get-cache-off"], med["get-cache-on"]
print()
print("Cache on / off: wall %.2f×, CPU %.2f×. The launcher's own work before the JVM starts (median of 5, under"
      " strace, which slows it a little): %s s." % (on[0] / off[0], on[1] / off[1], sys.argv[4]))
PY
)
echo
echo "$TABLE"
echo "load at the end: $(load)"
if [ "$APPEND" = 1 ]; then
  {
    echo
    echo "### \`ossnet get\` start-up, $(date -u +%Y-%m-%d) ($(nproc) cores, load $(load) at the end, $JDK)"
    echo
    echo "\`bench/get-start-bench.sh\`, ROUNDS=$ROUNDS${VARIANT_OPTIONS:+, VARIANT_OPTIONS=\"$VARIANT_OPTIONS\"}:"
    echo
    echo "$TABLE"
  } >> "$ROOT/docs/BENCHMARKS.md"
  echo "appended to docs/BENCHMARKS.md"
fi
