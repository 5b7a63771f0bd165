#!/usr/bin/env bash
# Small-files benchmark (issue 15; see docs/BENCHMARKS.md, "Small files: ossnet get vs aria2c and wget"). On
# loopback, every process on a free port, in one run:
#  1. starts `./ossnet local` (tracker, signing, stats, region, PostgreSQL), generates FILES files of FILE_SIZE
#     random bytes in one directory, publishes them as ossnet://<tracker>/bench/small with --origin-url, and starts
#     the origin: `ossnet seed` on the tree, seeding every file's swarm and serving the tree over HTTP;
#  2. one untimed warm-up of each client, then RUNS rounds, alternating the clients in each round, each into a fresh
#     directory:
#       - OSSNET: `ossnet get <collection>/files/` (JVM start, discovery, snapshot verification, every file's SHA-256
#         checked, the download events reported to the tracker; GET_OPTIONS are added);
#       - aria2c: `aria2c -i <the files' origin URLs>` with -j ARIA2_J downloads at once, one connection each
#         (-x 1: a 10 KiB file is one piece), keep-alive on, no pre-allocation, no control files;
#       - wget: `wget -i <the same URLs>`, one keep-alive connection, one file after the other (the origin serves
#         no directory listings, so `wget -r` has nothing to recurse into);
#     wall time and CPU (user + system, /usr/bin/time) of each command, and the bytes each put on disk, checked
#     against the tree (every file compared). What one run leaves is kept until the end: on a file system without a
#     journal (ext4 as this box has it) a freed inode is skipped, and checked one by one, for 30 s after its deletion,
#     so deleting 1,000 files makes the next client's 1,000 creations slow. Each `get` starts from a fresh agent home
#     holding only the trust the warm-up pinned, so no run inherits another's unsent download events; and the local
#     tracker takes the runs' events without its anonymous hourly bound (every run comes from 127.0.0.1; one user's
#     first 1,000 events in an hour are taken anyway), so each run reports its events as a first download does. Beside them, not a competitor: `ossnet ls` of the same directory, the
#     part of `get` that is not fetching (JVM start, discovery, snapshot verification), and `get`'s own fetch phase
#     (the "received in T s" of its summary: from the plan to the last file in place).
# Prints each run, the medians and the ratios OSSNET / baseline (wall and CPU), with the machine's load; appends the
# table to docs/BENCHMARKS.md only with APPEND=1.
#
# Usage: bench/small-files-bench.sh [--files 1000] [--size 10K] [--runs 3] [--append]
# Knobs (environment or flags): FILES (1000), FILE_SIZE (10K), RUNS (3), ARIA2_J (16), GET_OPTIONS (none),
#   BENCH_WORK (/tmp/ossnet-bench-small), TIMEOUT (600 s per command), APPEND (0), KEEP (0; 1 keeps BENCH_WORK).
# Needs aria2c, wget, python3, curl, ss and a JDK 21+ (found by ./ossnet).
set -euo pipefail
# Steady state is measured: the services never run as a training run of their start-up cache (docs/CONFIGURATION.md).
export OSSNET_LOCAL_START_CACHE="${OSSNET_LOCAL_START_CACHE:-off}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FILES="${FILES:-1000}"; FILE_SIZE="${FILE_SIZE:-10K}"; RUNS="${RUNS:-3}"; ARIA2_J="${ARIA2_J:-16}"
GET_OPTIONS="${GET_OPTIONS:-}"; TIMEOUT="${TIMEOUT:-600}"; APPEND="${APPEND:-0}"
while [ $# -gt 0 ]; do
  case "$1" in
    --files) FILES="$2"; shift 2 ;;
    --size) FILE_SIZE="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --append) APPEND=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
for tool in aria2c wget python3 curl ss /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install aria2 wget python3 curl iproute2 time)" >&2; exit 1; }
done
SIZE_BYTES=$(numfmt --from=iec "${FILE_SIZE%B}")

WORK="${BENCH_WORK:-/tmp/ossnet-bench-small}"
rm -rf "$WORK"; mkdir -p "$WORK"
. "$ROOT/bench/lib.sh"
stop_all_on_exit

echo "== machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, load $(load)"
echo "== parameters: $FILES files of $FILE_SIZE, $RUNS runs; aria2c -j $ARIA2_J -x 1; ossnet get $GET_OPTIONS"
"$ROOT/ossnet" --version > /dev/null   # builds the jars if sources changed, before anything is timed

echo "== starting the local network in $WORK/network"
OSSNET_TRACKER_STATS_ANONYMOUSBURST=100000000 OSSNET_TRACKER_STATS_ANONYMOUSPERHOUR=100000000 \
  start_local_network "$ROOT" "$WORK"
TRACKER="$OSSNET_TRACKER_URL"
COLLECTION="ossnet://${TRACKER#http://}"; COLLECTION="${COLLECTION%/}/bench/small"

echo "== generating $FILES files of $SIZE_BYTES random bytes in $WORK/origin/files"
ORIGIN_TREE="$WORK/origin"
python3 - "$ORIGIN_TREE/files" "$SIZE_BYTES" "$FILES" <<'PY'
import os, random, sys
root, size, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(15)
os.makedirs(root, exist_ok=True)
for i in range(n):
    with open(os.path.join(root, "pkg-%05d.bin" % i), "wb") as f:
        f.write(rng.randbytes(size))
PY
ORIGIN_PORT=$(free_port)
ORIGIN_URL="http://127.0.0.1:$ORIGIN_PORT/"
OSSNET_HOME="$WORK/publisher" "$ROOT/ossnet" publish "$ORIGIN_TREE" --collection "$COLLECTION" \
  --tracker "$TRACKER" --origin-url "$ORIGIN_URL" > "$WORK/publish.out" 2>&1 || { cat "$WORK/publish.out"; exit 1; }
(cd "$ORIGIN_TREE" && find files -type f | sort | sed "s|^|$ORIGIN_URL|") > "$WORK/urls.txt"

echo "== origin: ossnet seed on $ORIGIN_TREE, HTTP at $ORIGIN_URL"
OSSNET_HOME="$WORK/origin-home" "$ROOT/ossnet" seed "$ORIGIN_TREE" --collection "$COLLECTION" --tracker "$TRACKER" \
  --listen 127.0.0.1:0 --http "127.0.0.1:$ORIGIN_PORT" --refresh 2s > "$WORK/origin.out" 2> "$WORK/origin.err" &
PIDS+=("$!")
for _ in $(seq 1 300); do
  grep -q '^seeding .* swarms\{0,1\} of ' "$WORK/origin.out" && break
  kill -0 "${PIDS[0]}" || break; sleep 1
done
grep -q '^seeding .* swarms\{0,1\} of ' "$WORK/origin.out" || { cat "$WORK/origin.out" "$WORK/origin.err"; exit 1; }
curl -fsS -o /dev/null "$(head -1 "$WORK/urls.txt")" || { echo "the origin does not serve the tree" >&2; exit 1; }

# Runs one client into a fresh directory; prints "wall cpu" and checks every file against the tree.
run() { # $1 client, $2 tag
  local dir="$WORK/out-$2" home="$WORK/getter-home" cmd rc=0
  mkdir -p "$dir"
  if [ "$1" = ossnet ] && [ -d "$home/config" ]; then
    # A fresh home with the warm-up's pinned trust: no events left unsent by an earlier run.
    mkdir -p "$WORK/home-$2"; cp -r "$home/config" "$WORK/home-$2/"; home="$WORK/home-$2"
  fi
  case "$1" in
    ossnet) cmd=("$ROOT/ossnet" get "$COLLECTION/files/" -o "$dir" --progress none $GET_OPTIONS) ;;
    aria2c) cmd=(aria2c -q -i "$WORK/urls.txt" -d "$dir/files" -j "$ARIA2_J" -x 1 --enable-http-keep-alive=true
                 --file-allocation=none --auto-save-interval=0 --allow-overwrite=true --console-log-level=error) ;;
    wget) cmd=(wget -q -i "$WORK/urls.txt" -P "$dir/files" --no-verbose) ;;
    ls) cmd=("$ROOT/ossnet" ls "$COLLECTION/files/") ;;
  esac
  OSSNET_HOME="$home" timeout "$TIMEOUT" /usr/bin/time -f '%e %U %S' -o "$WORK/time-$2" \
    "${cmd[@]}" > "$WORK/$2.out" 2>&1 || rc=$?
  if [ "$rc" != 0 ]; then echo "$1 failed (exit $rc):" >&2; tail -20 "$WORK/$2.out" >&2; exit 1; fi
  if [ "$1" != ls ]; then
    diff -rq "$ORIGIN_TREE/files" "$dir/files" > /dev/null || { echo "$1 left a tree unlike the origin's" >&2; exit 1; }
  fi
  awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$WORK/time-$2"
}
fetch_phase() { # $1 tag of an ossnet run -> the seconds of its summary's "received in T s"
  sed -n 's/.* received in \([0-9.]*\) s;.*/\1/p' "$WORK/$1.out" | tail -1
}

CLIENTS=(ossnet aria2c wget)
echo "== warm-up (untimed): one run of each"
for c in "${CLIENTS[@]}" ls; do run "$c" "warm-$c" > /dev/null; done
declare -A WALL CPU
FETCH=""
for r in $(seq 1 "$RUNS"); do
  # Alternate who goes first, so no client always runs right after the same other one; ls goes last.
  order=("${CLIENTS[@]:$(( (r - 1) % 3 ))}" "${CLIENTS[@]:0:$(( (r - 1) % 3 ))}" ls)
  for c in "${order[@]}"; do
    read -r wall cpu < <(run "$c" "run$r-$c")
    WALL[$c]+="$wall "; CPU[$c]+="$cpu "
    extra=""
    if [ "$c" = ossnet ]; then f=$(fetch_phase "run$r-$c"); FETCH+="$f "; extra="  (fetch phase $f s)"; fi
    printf '  run %d  %-7s wall %6.2f s  cpu %6.2f s%s  (load %s)\n' "$r" "$c" "$wall" "$cpu" "$extra" "$(load)"
  done
done

echo "== medians of $RUNS runs ($FILES files of $FILE_SIZE; load $(load))"
TABLE="| client | wall (s), median | CPU (s), median | OSSNET wall / it | OSSNET CPU / it |
|---|---|---|---|---|"
OW=$(median ${WALL[ossnet]}); OC=$(median ${CPU[ossnet]})
for c in "${CLIENTS[@]}"; do
  w=$(median ${WALL[$c]}); u=$(median ${CPU[$c]})
  TABLE+="
| $c | $w (${WALL[$c]% }) | $u (${CPU[$c]% }) | $(ratio "$OW" "$w") | $(ratio "$OC" "$u") |"
done
LW=$(median ${WALL[ls]}); LC=$(median ${CPU[ls]})
TABLE+="
| (ossnet ls of the directory: not fetching) | $LW (${WALL[ls]% }) | $LC (${CPU[ls]% }) | | |

ossnet get's fetch phase (its summary's \"received in\"), median $(median $FETCH) s (${FETCH% }); get's wall minus ls's:
$(awk -v a="$OW" -v b="$LW" 'BEGIN { printf "%.2f", a - b }') s, CPU minus ls's: $(awk -v a="$OC" -v b="$LC" 'BEGIN { printf "%.2f", a - b }') s."
echo "$TABLE"
if [ "$APPEND" = 1 ]; then
  {
    echo
    echo "Small files, $(date -u +%Y-%m-%d), $(nproc) cores, load $(load): $FILES files of $FILE_SIZE, $RUNS runs," \
      "aria2c -j $ARIA2_J -x 1, ossnet get $GET_OPTIONS"
    echo
    echo "$TABLE"
  } >> "$ROOT/docs/BENCHMARKS.md"
fi
