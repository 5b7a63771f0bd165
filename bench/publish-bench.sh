#!/usr/bin/env bash
# Publish benchmarks, OSSNET beside its baseline in one run (see docs/BENCHMARKS.md):
#  (a) hashing: `ossnet publish` over a 2 GiB tree vs `sha256sum` over the same files, warm page
#      cache, reported as throughput per CPU-second (per core) and as a ratio;
#  (b) a 100,000-file collection: publish time, snapshot size, and the time to fetch and verify it.
# Needs a JDK 21+ (found like ./ossnet does) and GNU time. Work goes to $BENCH_WORK.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${BENCH_WORK:-/tmp/ossnet-bench}"
TREE_GIB="${TREE_GIB:-2}"
SMALL_FILES="${SMALL_FILES:-100000}"
THREADS="${THREADS:-$(nproc)}"
mkdir -p "$WORK"
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install time" >&2; exit 1; }

cleanup() { [ -n "${NETWORK_PID:-}" ] && kill -TERM "$NETWORK_PID" 2>/dev/null && wait "$NETWORK_PID" 2>/dev/null || true; }
trap cleanup EXIT

echo "== starting a local network (tracker, signing, stats, region, origin) in $WORK/network"
rm -rf "$WORK/network"
"$ROOT/ossnet" local --work "$WORK/network" --tracker-port 0 --signing-port 0 --stats-port 0 --region-port 0 \
  --origin-port 0 > "$WORK/network.log" 2>&1 &
NETWORK_PID=$!
for _ in $(seq 1 300); do [ -f "$WORK/network/env" ] && break; sleep 1; done
[ -f "$WORK/network/env" ] || { cat "$WORK/network.log"; exit 1; }
set -a; . "$WORK/network/env"; set +a
PUBLISHER="${OSSNET_TRACKER_URL#http://}"

# seconds, user+sys CPU seconds of a command, via GNU time; output of the command goes to $2
measure() { local out="$1"; shift; /usr/bin/time -f "%e %U %S" -o "$WORK/time.txt" "$@" > "$out" 2>&1; awk '{printf "%s %.2f\n", $1, $2 + $3}' "$WORK/time.txt"; }

echo "== (a) hashing a ${TREE_GIB} GiB tree"
TREE="$WORK/tree-${TREE_GIB}g"
if [ ! -f "$TREE/.complete" ]; then
  rm -rf "$TREE"; mkdir -p "$TREE/big" "$TREE/small"
  big=$(( TREE_GIB * 4 - 2 ))        # 256 MiB files, plus 512 MiB of 1 MiB files below
  for i in $(seq 1 "$big"); do head -c $(( 256 << 20 )) /dev/urandom > "$TREE/big/part-$i.bin"; done
  for i in $(seq 1 512); do head -c $(( 1 << 20 )) /dev/urandom > "$TREE/small/f-$i.bin"; done
  touch -d '1 hour ago' "$TREE"/big/* "$TREE"/small/*
  touch "$TREE/.complete"
fi
BYTES=$(find "$TREE" -type f ! -name .complete -printf '%s\n' | awk '{s+=$1} END {print s}')
find "$TREE" -type f ! -name .complete -print0 | xargs -0 cat > /dev/null   # warm the page cache for both sides
read -r SHA_WALL SHA_CPU < <(measure "$WORK/sha256sum.out" sh -c "find '$TREE' -type f ! -name .complete -print0 | xargs -0 sha256sum")
for threads in 1 "$THREADS"; do
  rm -rf "$WORK/home-$threads"
  read -r OSS_WALL OSS_CPU < <(OSSNET_HOME="$WORK/home-$threads" measure "$WORK/publish-$threads.out" \
    "$ROOT/ossnet" publish "$TREE" --collection "ossnet://$PUBLISHER/bench/hash-$threads" \
    --tracker "$OSSNET_TRACKER_URL" --threads "$threads")
  grep -q "^published" "$WORK/publish-$threads.out" || { cat "$WORK/publish-$threads.out"; exit 1; }
  awk -v b="$BYTES" -v sw="$SHA_WALL" -v sc="$SHA_CPU" -v ow="$OSS_WALL" -v oc="$OSS_CPU" -v t="$threads" 'BEGIN {
    mib = b / 1048576
    printf "sha256sum (1 core)      : %6.0f MiB/s wall, %6.0f MiB per CPU-second\n", mib / sw, mib / sc
    printf "ossnet publish (%d thr)  : %6.0f MiB/s wall, %6.0f MiB per CPU-second (SHA-256 + SHA-1 pieces, JVM start-up and submit included)\n", t, mib / ow, mib / oc
    printf "ratio per core          : %.2fx  (target >= 0.9x)   wall ratio: %.2fx\n", (mib / oc) / (mib / sc), sw / ow
  }'
done

echo "== (b) a ${SMALL_FILES}-file collection"
SMALL="$WORK/tree-${SMALL_FILES}"
if [ ! -f "$SMALL/.complete" ]; then
  rm -rf "$SMALL"; mkdir -p "$SMALL"
  python3 - "$SMALL" "$SMALL_FILES" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(root, "pkgs", "%03d" % (i % 1000))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "package-%06d.rpm" % i), "wb") as f:
        f.write(os.urandom(512 + i % 1024))
PY
  find "$SMALL" -type f -exec touch -d '1 hour ago' {} +
  touch "$SMALL/.complete"
fi
rm -rf "$WORK/home-small"
read -r PUB_WALL PUB_CPU < <(OSSNET_HOME="$WORK/home-small" measure "$WORK/publish-small.out" \
  "$ROOT/ossnet" publish "$SMALL" --collection "ossnet://$PUBLISHER/bench/small" --tracker "$OSSNET_TRACKER_URL")
grep -q "^published" "$WORK/publish-small.out" || { cat "$WORK/publish-small.out"; exit 1; }
SNAPSHOT_URL=$(grep '^snapshot' "$WORK/publish-small.out" | awk '{print $2}')
read -r FETCH_WALL _ < <(measure "$WORK/fetch.out" curl -sS -o "$WORK/snapshot.json" "$SNAPSHOT_URL")
SIZE=$(stat -c %s "$WORK/snapshot.json")
GZ=$(gzip -c "$WORK/snapshot.json" | wc -c)
read -r LS_WALL LS_CPU < <(OSSNET_HOME="$WORK/home-client" measure "$WORK/ls.out" \
  "$ROOT/ossnet" ls "ossnet://$PUBLISHER/bench/small/pkgs/000/")
grep -q "package-000000.rpm" "$WORK/ls.out" || { cat "$WORK/ls.out"; exit 1; }
echo "publish ${SMALL_FILES} files    : ${PUB_WALL} s wall, ${PUB_CPU} CPU-s in the agent (hash, submit, sign, store)"
echo "snapshot size               : $SIZE bytes ($(( SIZE / SMALL_FILES )) per file), $GZ gzipped"
echo "fetch snapshot.json (curl)  : ${FETCH_WALL} s"
echo "ossnet ls (discover, fetch, verify signature, decode, list): ${LS_WALL} s wall, ${LS_CPU} CPU-s"
