#!/usr/bin/env bash
# Mirror release benchmark, `ossnet mirror run` beside rsync in one run (see docs/BENCHMARKS.md,
# "Mirror release: ossnet mirror vs rsync"). On loopback, every process on a free port:
#  1. starts `./ossnet local` (tracker, signing, stats, region, PostgreSQL) and publishes a generated
#     collection of SIZE bytes of random data in FILES files as ossnet://<tracker>/bench/mirror, with
#     its own origin: `ossnet seed` on the tree (swarms + HTTP web seed, the origin URL of the publish);
#  2. OSSNET: MIRRORS daemons `ossnet mirror run`, each with its own config, tree and ports, started
#     together; the time until every tree holds version 1 (the daemons' state files, the data of
#     `ossnet mirror status`) and the bytes the origin sent;
#  3. rsync: the same number of mirrors, each `rsync -a --stats` from an rsync daemon serving the origin
#     tree on a free loopback port, all in parallel; the time until all exit and the bytes they received;
#  4. rewrites CHANGE_PCT % of the bytes (blocks of CHANGE_BLOCK in distinct files), publishes version 2
#     and measures the bytes each mirror fetched (OSSNET: the daemons' bytesDown; rsync: bytes received)
#     and the origin sent.
# Prints a table with the ratios OSSNET/rsync and appends it, with machine, date and parameters, to
# docs/BENCHMARKS.md (APPEND=0 does not).
#
# What counts what:
#  - "origin sent", OSSNET: the growth of `wchar` in /proc/<origin pid>/io, every byte the origin JVM passed to write()/writev()/sendfile() -- the peer wire and the HTTP web seed
#    (sendfile), plus its announces and its few log and state-file writes. Its own exact counters
#    (`ossnet seed --status-file`) are printed beside it: the data it sent, block bytes to peers plus
#    HTTP body bytes, and the HTTP part alone.
#  - "origin sent", rsync: the sum of the clients' "Total bytes received" (--stats), i.e. file data plus
#    rsync's protocol (file list, checksums); every byte comes from the one rsync daemon.
#  - "fetched by mirrors", OSSNET: the sum of the daemons' bytesDown (state file; `mirror status`'s
#    "down"), i.e. bytes fetched from the origin and from each other (swarm blocks and web-seed ranges).
#  - time: from starting the mirrors (the daemons' JVMs) / the rsync clients until the last holds the
#    version (OSSNET: its tree's .ossnet/snapshot.json has it, written last at the switch; the time its
#    state file -- `ossnet mirror status` -- says so is printed beside) / the last client exits.
#
# Usage: bench/mirror-bench.sh [--size 1G] [--mirrors 8] [--files 300] [--change-pct 1]
# Knobs (environment or flags): SIZE (1G; 256M, 512M accepted), MIRRORS (8), FILES (300), CHANGE_PCT (1),
#   CHANGE_BLOCK (256K), BENCH_WORK (/tmp/ossnet-bench-mirror), MIRROR_JVM_OPTIONS (-Xmx512m),
#   TIMEOUT (1800 s per phase), APPEND (1), KEEP (1 keeps BENCH_WORK; the generated tree is regenerated).
# Needs rsync (apt-get install rsync), python3, curl and a JDK 21+ (found by ./ossnet).
set -euo pipefail
# Steady state is measured: the services never run as a training run of their start-up cache (docs/CONFIGURATION.md).
export OSSNET_LOCAL_START_CACHE="${OSSNET_LOCAL_START_CACHE:-off}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZE="${SIZE:-1G}"; MIRRORS="${MIRRORS:-8}"; FILES="${FILES:-300}"; CHANGE_PCT="${CHANGE_PCT:-1}"
CHANGE_BLOCK="${CHANGE_BLOCK:-256K}"; TIMEOUT="${TIMEOUT:-1800}"; APPEND="${APPEND:-1}"
MIRROR_JVM_OPTIONS="${MIRROR_JVM_OPTIONS:--Xmx512m}"
while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE="$2"; shift 2 ;;
    --mirrors) MIRRORS="$2"; shift 2 ;;
    --files) FILES="$2"; shift 2 ;;
    --change-pct) CHANGE_PCT="$2"; shift 2 ;;
    --no-append) APPEND=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
for tool in rsync python3 curl ss; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install rsync python3 curl iproute2)" >&2; exit 1; }
done
bytes() { numfmt --from=iec "${1%B}"; }
SIZE_BYTES=$(bytes "$SIZE"); CHANGE_BLOCK_BYTES=$(bytes "$CHANGE_BLOCK")

WORK="${BENCH_WORK:-/tmp/ossnet-bench-mirror}"
rm -rf "$WORK"; mkdir -p "$WORK"
# The mirrors, rsync daemon and origin first (they started last), then the network (it stops its services).
. "$ROOT/bench/lib.sh"
stop_all_on_exit

wchar() { awk '/^wchar:/ {print $2}' "/proc/$1/io"; }
human() { numfmt --to=iec-i --suffix=B --format=%.2f "$1"; }
OSSNET() { "$ROOT/ossnet" "$@"; }

echo "== machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== parameters: size $SIZE ($SIZE_BYTES bytes) in $FILES files, $MIRRORS mirrors, change $CHANGE_PCT% in blocks of $CHANGE_BLOCK"
OSSNET --version > /dev/null   # builds the jars if sources changed, before anything is timed

echo "== starting the local network in $WORK/network"
start_local_network "$ROOT" "$WORK"
TRACKER="$OSSNET_TRACKER_URL"
COLLECTION="ossnet://${TRACKER#http://}"; COLLECTION="${COLLECTION%/}/bench/mirror"
MOUNT="bench/mirror"

echo "== generating $FILES files, $SIZE of random data, in $WORK/origin"
ORIGIN_TREE="$WORK/origin"
python3 - "$ORIGIN_TREE" "$SIZE_BYTES" "$FILES" <<'PY'
import os, random, sys
root, total, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(42)
weights = [rng.lognormvariate(0, 1) for _ in range(n)]   # a few large files, many small, as a repository
scale = total / sum(weights)
sizes = [max(1, int(w * scale)) for w in weights]
sizes[-1] += total - sum(sizes)
for i, size in enumerate(sizes):
    d = os.path.join(root, "pool", "d%02d" % (i % 16))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "pkg-%04d.bin" % i), "wb") as f:
        left = size
        while left:
            chunk = min(left, 1 << 22); f.write(os.urandom(chunk)); left -= chunk
PY
PUBLISH_HOME="$WORK/publisher"
ORIGIN_PORT=$(free_port)
ORIGIN_URL="http://127.0.0.1:$ORIGIN_PORT/"
publish() {
  local t0; t0=$(now)
  OSSNET_HOME="$PUBLISH_HOME" OSSNET publish "$ORIGIN_TREE" --collection "$COLLECTION" --tracker "$TRACKER" \
    --origin-url "$ORIGIN_URL" > "$WORK/publish-$1.out" 2>&1 || { cat "$WORK/publish-$1.out"; exit 1; }
  echo "published version $1 of $COLLECTION in $(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}') s"
}
publish 1

echo "== origin: ossnet seed on $ORIGIN_TREE, HTTP at $ORIGIN_URL"
OSSNET_HOME="$WORK/origin-home" "$ROOT/ossnet" seed "$ORIGIN_TREE" --collection "$COLLECTION" --tracker "$TRACKER" \
  --listen 127.0.0.1:0 --http "127.0.0.1:$ORIGIN_PORT" --refresh 2s --status-interval 1s \
  --status-file "$WORK/origin-status.json" \
  > "$WORK/origin.out" 2> "$WORK/origin.err" &
ORIGIN_LAUNCHER=$!; PIDS+=("$ORIGIN_LAUNCHER")
# "seeding N swarms of NAME …" once every swarm is announced (the "seeding PATH" lines come before it)
for _ in $(seq 1 300); do
  grep -q '^seeding .* swarms\{0,1\} of ' "$WORK/origin.out" && [ -f "$WORK/origin-status.json" ] && break
  kill -0 "$ORIGIN_LAUNCHER" || break; sleep 1
done
grep -q '^seeding .* swarms\{0,1\} of ' "$WORK/origin.out" || { cat "$WORK/origin.out" "$WORK/origin.err"; exit 1; }
ORIGIN_PID=$(ss -ltnpH "sport = :$ORIGIN_PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
[ -n "$ORIGIN_PID" ] || { echo "cannot find the origin's pid on port $ORIGIN_PORT" >&2; exit 1; }
head -1 "$WORK/origin.out"
# The origin's own exact counters (--status-file, rewritten every second): the data sent (blocks to peers and
# HTTP bodies), and the HTTP bodies alone. Read after a second and a half, so that they include the last second.
origin_status() { sleep 1.5; python3 -c 'import json, sys
d = json.load(open(sys.argv[1])); print(d["uploadedBytes"] + d["httpBodyBytes"], d["httpBodyBytes"])' "$WORK/origin-status.json"; }
sleep 3   # the tracker takes in new swarms within its swarm refresh

# ---------------------------------------------------------------- OSSNET: MIRRORS mirror daemons
echo "== OSSNET: $MIRRORS x ossnet mirror run"
for i in $(seq 1 "$MIRRORS"); do
  d="$WORK/ossnet-mirror-$i"; mkdir -p "$d/home"
  port=$(free_port)
  cat > "$d/mirror.conf" <<EOF
tree = $d/tree
http = 127.0.0.1:$port
peers = 127.0.0.1:0
tracker = $TRACKER
base-url = http://127.0.0.1:$port/
poll = 2s
grace = 30m
name = bench mirror $i
state = state/mirror-state.json

[collection $COLLECTION]
EOF
done
# Exact bytesDown and held version from a daemon's state file (`ossnet mirror status` prints them rounded).
state_field() { # $1 mirror index, $2 field -> value or empty
  python3 - "$WORK/ossnet-mirror-$1/state/mirror-state.json" "$COLLECTION" "$2" <<'PY' 2>/dev/null || true
import json, sys
path, name, field = sys.argv[1:]
try:
    cols = json.load(open(path))["collections"]
except Exception:
    sys.exit(0)
for key, value in cols.items():
    if key.rstrip("/") == name.rstrip("/"):
        print(value.get(field, "")); break
PY
}
tree_version() { # $1 mirror index -> the version of the snapshot its tree holds (switched in last), or empty
  python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["version"])' \
    "$WORK/ossnet-mirror-$1/tree/$MOUNT/.ossnet/snapshot.json" 2>/dev/null || true
}
wait_held() { # $1 version; sets DONE_AT[i] (the tree switched: data first, snapshot.json last) and STATUS_AT[i]
  # (the state file, i.e. `ossnet mirror status`, says held; the daemon writes it after setting up the seeding)
  local version=$1 deadline pending
  deadline=$(( $(date +%s) + TIMEOUT ))
  while :; do
    pending=0
    for i in $(seq 1 "$MIRRORS"); do
      [ -n "${DONE_AT[$i]:-}" ] || { [ "$(tree_version "$i")" = "$version" ] && DONE_AT[$i]=$(now); } || true
      [ -n "${STATUS_AT[$i]:-}" ] || { [ "$(state_field "$i" held)" = "$version" ] && STATUS_AT[$i]=$(now); } || true
      [ -n "${DONE_AT[$i]:-}" ] && [ -n "${STATUS_AT[$i]:-}" ] || pending=$((pending + 1))
      kill -0 "${MIRROR_PIDS[$i]}" 2>/dev/null || { echo "mirror $i exited:"; tail -20 "$WORK/ossnet-mirror-$i/out"; exit 1; }
    done
    [ "$pending" = 0 ] && break
    [ "$(date +%s)" -lt "$deadline" ] || { echo "timeout: $pending mirrors do not hold version $version" >&2; exit 1; }
    sleep 0.5
  done
}
last_of() { local m=0 t; for t in "$@"; do m=$(awk -v a="$m" -v b="$t" 'BEGIN{print (b > a) ? b : a}'); done; echo "$m"; }
declare -a MIRROR_PIDS DONE_AT STATUS_AT
W0=$(wchar "$ORIGIN_PID"); read -r D0 H0 < <(origin_status)
T0=$(now)
for i in $(seq 1 "$MIRRORS"); do
  d="$WORK/ossnet-mirror-$i"
  JAVA_TOOL_OPTIONS="$MIRROR_JVM_OPTIONS" OSSNET_HOME="$d/home" "$ROOT/ossnet" mirror run --config "$d/mirror.conf" \
    > "$d/out" 2> "$d/err" &
  MIRROR_PIDS[$i]=$!; PIDS+=("$!")
done
wait_held 1
T1=$(last_of "${DONE_AT[@]}")
O_TIME=$(awk -v a="$T0" -v b="$T1" 'BEGIN{printf "%.1f", b-a}')
O_STATUS=$(awk -v a="$T0" -v b="$(last_of "${STATUS_AT[@]}")" 'BEGIN{printf "%.1f", b-a}')
O_ORIGIN=$(( $(wchar "$ORIGIN_PID") - W0 )); read -r D1 H1 < <(origin_status)
O_DATA=$(( D1 - D0 )); O_HTTP=$(( H1 - H0 ))
O_DOWN=0; O_UP=0
for i in $(seq 1 "$MIRRORS"); do
  O_DOWN=$(( O_DOWN + $(state_field "$i" bytesDown) )); O_UP=$(( O_UP + $(state_field "$i" bytesUp) ))
done
for i in $(seq 1 "$MIRRORS"); do
  printf '  mirror %d: tree switched to version 1 after %.1f s, status says so after %.1f s, fetched %s\n' "$i" \
    "$(awk -v a="$T0" -v b="${DONE_AT[$i]}" 'BEGIN{print b-a}')" "$(awk -v a="$T0" -v b="${STATUS_AT[$i]}" 'BEGIN{print b-a}')" \
    "$(human "$(state_field "$i" bytesDown)")"
done
echo "  all trees hold version 1 after $O_TIME s (all statuses after $O_STATUS s); origin wrote $(human "$O_ORIGIN") in all, of it $(human "$O_DATA") of data ($(human "$O_HTTP") HTTP bodies); mirrors fetched $(human "$O_DOWN"), seeded $(human "$O_UP") after their switch (status \"up\")"
diff -rq --exclude=.ossnet "$ORIGIN_TREE" "$WORK/ossnet-mirror-1/tree/$MOUNT" > /dev/null || { echo "mirror 1's tree differs from the origin" >&2; exit 1; }

# ---------------------------------------------------------------- baseline: MIRRORS rsync clients
echo "== rsync: $MIRRORS x rsync -a --stats from an rsync daemon on the origin tree"
RSYNC_PORT=$(free_port)
cat > "$WORK/rsyncd.conf" <<EOF
use chroot = no
pid file = $WORK/rsyncd.pid
log file = $WORK/rsyncd.log
max connections = 0
[tree]
path = $ORIGIN_TREE
read only = yes
EOF
rsync --daemon --no-detach --address=127.0.0.1 --port="$RSYNC_PORT" --config="$WORK/rsyncd.conf" &
PIDS+=("$!")
for _ in $(seq 1 50); do rsync "rsync://127.0.0.1:$RSYNC_PORT/" > /dev/null 2>&1 && break; sleep 0.2; done
rsync_all() { # $1 tag; runs MIRRORS clients in parallel into $WORK/rsync-mirror-i/tree; sets R_TIME and R_RECV
  local tag=$1 t0 pids=() i
  t0=$(now)
  for i in $(seq 1 "$MIRRORS"); do
    mkdir -p "$WORK/rsync-mirror-$i/tree"
    rsync -a --delete --stats "rsync://127.0.0.1:$RSYNC_PORT/tree/" "$WORK/rsync-mirror-$i/tree/" \
      > "$WORK/rsync-mirror-$i/$tag.out" 2>&1 &
    pids+=("$!")
  done
  for i in "${!pids[@]}"; do wait "${pids[$i]}" || { cat "$WORK/rsync-mirror-$((i + 1))/$tag.out"; exit 1; }; done
  R_TIME=$(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}')
  R_RECV=0
  for i in $(seq 1 "$MIRRORS"); do
    R_RECV=$(( R_RECV + $(grep '^Total bytes received' "$WORK/rsync-mirror-$i/$tag.out" | tr -dc 0-9) ))
  done
}
rsync_all v1
R1_TIME=$R_TIME; R1_RECV=$R_RECV
echo "  all $MIRRORS done after $R1_TIME s; received $(human "$R1_RECV") in all"

# ---------------------------------------------------------------- version 2: CHANGE_PCT % of the bytes rewritten
CHANGED=$(python3 - "$ORIGIN_TREE" "$SIZE_BYTES" "$CHANGE_PCT" "$CHANGE_BLOCK_BYTES" <<'PY'
import os, random, sys
root, total, pct, block = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
rng = random.Random(7)
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs)
rng.shuffle(files)
budget, changed, n, whole = int(total * pct / 100), 0, 0, 0
for path in files:          # one block at a random offset in each of distinct files, until the budget is spent
    if changed >= budget:
        break
    size = os.path.getsize(path)
    length = min(block, size, budget - changed)
    offset = rng.randrange(0, size - length + 1)
    with open(path, "r+b") as f:
        f.seek(offset); f.write(os.urandom(length))
    changed += length; n += 1; whole += size
print(changed, n, whole)
PY
)
read -r CHANGED_BYTES CHANGED_FILES CHANGED_WHOLE <<< "$CHANGED"
echo "== version 2: rewrote $(human "$CHANGED_BYTES") in $CHANGED_FILES files of $(human "$CHANGED_WHOLE")"
declare -a DOWN1; for i in $(seq 1 "$MIRRORS"); do DOWN1[$i]=$(state_field "$i" bytesDown); done
W0=$(wchar "$ORIGIN_PID"); read -r D0 H0 < <(origin_status)
publish 2
T0=$(now)   # the release exists from here: the daemons learn of it from the tracker's feed
DONE_AT=(); STATUS_AT=()
wait_held 2
O2_TIME=$(awk -v a="$T0" -v b="$(last_of "${DONE_AT[@]}")" 'BEGIN{printf "%.1f", b-a}')
O2_STATUS=$(awk -v a="$T0" -v b="$(last_of "${STATUS_AT[@]}")" 'BEGIN{printf "%.1f", b-a}')
O2_ORIGIN=$(( $(wchar "$ORIGIN_PID") - W0 )); read -r D1 H1 < <(origin_status)
O2_DATA=$(( D1 - D0 )); O2_HTTP=$(( H1 - H0 ))
O2_DOWN=0; for i in $(seq 1 "$MIRRORS"); do O2_DOWN=$(( O2_DOWN + $(state_field "$i" bytesDown) - DOWN1[i] )); done
echo "  OSSNET: all trees hold version 2 $O2_TIME s after the publish (statuses $O2_STATUS s); fetched $(human "$O2_DOWN") in all ($(human $((O2_DOWN / MIRRORS))) a mirror); origin wrote $(human "$O2_ORIGIN") in all, of it $(human "$O2_DATA") of data ($(human "$O2_HTTP") HTTP bodies)"
grep -h "switched" "$WORK"/ossnet-mirror-*/out | grep 'version 2' | head -3 | sed 's/^/    /'
diff -rq --exclude=.ossnet "$ORIGIN_TREE" "$WORK/ossnet-mirror-1/tree/$MOUNT" > /dev/null || { echo "mirror 1's tree differs from the origin after v2" >&2; exit 1; }
rsync_all v2
R2_TIME=$R_TIME; R2_RECV=$R_RECV
echo "  rsync: all $MIRRORS done after $R2_TIME s; received $(human "$R2_RECV") in all ($(human $((R2_RECV / MIRRORS))) a mirror)"
echo "== one daemon's own view (ossnet mirror status):"
OSSNET_HOME="$WORK/ossnet-mirror-1/home" OSSNET mirror status --config "$WORK/ossnet-mirror-1/mirror.conf" | sed 's/^/    /'

# ---------------------------------------------------------------- table
TABLE=$(cat <<EOF
| measure | OSSNET (\`ossnet mirror run\`) | rsync (daemon, parallel clients) | OSSNET / rsync |
|---|---|---|---|
| v1: time until all $MIRRORS hold it (trees switched) | $O_TIME s (status: $O_STATUS s) | $R1_TIME s | $(ratio "$O_TIME" "$R1_TIME") |
| v1: bytes the origin sent (its wire in all / rsync's protocol in all) | $(human "$O_ORIGIN") | $(human "$R1_RECV") | $(ratio "$O_ORIGIN" "$R1_RECV") |
| v1: of which data, in copies of the release | $(human "$O_DATA"): $(awk -v a="$O_DATA" -v b="$SIZE_BYTES" 'BEGIN{printf "%.3f", a/b}') | — | — |
| v1: bytes the mirrors fetched, all | $(human "$O_DOWN") | $(human "$R1_RECV") | $(ratio "$O_DOWN" "$R1_RECV") |
| v2 ($(human "$CHANGED_BYTES") changed in $CHANGED_FILES files): bytes moved to each mirror | $(human $((O2_DOWN / MIRRORS))) | $(human $((R2_RECV / MIRRORS))) | $(ratio "$O2_DOWN" "$R2_RECV") |
| v2: bytes the origin sent (its wire in all / rsync's protocol in all) | $(human "$O2_ORIGIN") | $(human "$R2_RECV") | $(ratio "$O2_ORIGIN" "$R2_RECV") |
| v2: of which data, in copies of the changed bytes (a changed file moves only its changed pieces) | $(human "$O2_DATA"): $(awk -v a="$O2_DATA" -v b="$CHANGED_BYTES" 'BEGIN{printf "%.3f", a/b}') | — | — |
| v2: time until all hold it | $O2_TIME s after \`publish\` returned (status: $O2_STATUS s) | $R2_TIME s | $(ratio "$O2_TIME" "$R2_TIME") |
EOF
)
echo
echo "$TABLE"
if [ "$APPEND" = 1 ]; then
  DOC="$ROOT/docs/BENCHMARKS.md"
  grep -q '^## Mirror release: ossnet mirror vs rsync' "$DOC" || printf '\n## Mirror release: ossnet mirror vs rsync — `bench/mirror-bench.sh`\n' >> "$DOC"
  {
    echo
    echo "### Run of $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "$(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, load at the end $(cut -d' ' -f1-3 /proc/loadavg);" \
      "\`bench/mirror-bench.sh --size $SIZE --mirrors $MIRRORS --files $FILES --change-pct $CHANGE_PCT\`" \
      "(change blocks $CHANGE_BLOCK, mirror JVMs \`$MIRROR_JVM_OPTIONS\`); $(rsync --version | head -1 | awk '{print $1, $2, $3}')."
    echo
    echo "$TABLE"
  } >> "$DOC"
  echo "appended to $DOC"
fi
