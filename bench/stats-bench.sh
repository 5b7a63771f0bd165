#!/usr/bin/env bash
# Statistics benchmark (see docs/BENCHMARKS.md, "Statistics: ingestion and queries"). On loopback, in one run:
#  1. starts `./ossnet local` (tracker, signing, stats, region, PostgreSQL), publishes a generated collection of
#     FILES small files in VERSIONS versions (the tracker checks every event's collection, version, path and size);
#  2. straight into stats-service: EVENTS download events POSTed to stats-service's /api/v1/events in batches of
#     BATCH over CONNECTIONS connections (bench/stats/EventLoad.java: deterministic events, Zipf over the files,
#     newer versions taking over, four regions, six client kinds, spread over DAYS days in ORDER; the request bodies
#     written to a file beforehand, as the CSV for COPY is): events per second;
#  3. the QA queries at EVENTS events: p50 and p95 of each of them, REPEAT requests each, one at a time;
#  4. through the tracker: the same events POSTed to the tracker's /api/v1/events (a reporting token), which stores
#     them in its outbox and forwards them to stats-service; timed until stats-service has counted every one;
#  5. the baseline: `psql \copy` of the same rows (as CSV, written beforehand, not timed) into the same table,
#     download_event, emptied first; events per second.
# Between phases the three tables are emptied (TRUNCATE), so each phase starts from the same state. stats-service's
# peak resident memory (VmHWM) and its resident memory at the end are printed. Prints a table with the ratios to
# COPY and appends it to docs/BENCHMARKS.md (APPEND=0 does not).
#
# Usage: bench/stats-bench.sh [--events 10000000] [--no-append]
# Knobs (environment or flags): EVENTS (10000000), BATCH (1000, the tracker's max-batch-events), CONNECTIONS (4), FILES (2000), VERSIONS (3),
#   DAYS (30), REPEAT (50), BENCH_WORK (/tmp/ossnet-bench-stats),
#   ORDER (time: the events replay DAYS days of traffic in completion order, a few minutes' jitter, as reporters that
#   send within seconds of a file completing deliver them; random: each event's time drawn over all DAYS days, so
#   every batch spans them all, the bench's behaviour before the knob),
#   IDS (reporters: as the reporters choose them, time-ordered for agents' events, the tracker's name-based ids for
#   standard clients'; ordered: every id ascends with the event's number; random: version 4 ids),
#   APPEND (1), KEEP (0; 1 keeps BENCH_WORK), SKIP_TRACKER (0; 1 skips phase 4), SKIP_DIRECT (0; 1 skips phases 2
#   and 3, for measuring the tracker path alone).
# Through the tracker, the CPU each process spent per event (tracker, stats-service, PostgreSQL: both databases are
# one server) is printed from /proc, with how many events stats-service had stored when posting ended.
# Needs psql (apt-get install postgresql-client), python3, curl and a JDK 21+ (found by ./ossnet).
set -euo pipefail
# Steady state is measured: the services never run as a training run of their start-up cache (docs/CONFIGURATION.md).
export OSSNET_LOCAL_START_CACHE="${OSSNET_LOCAL_START_CACHE:-off}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EVENTS="${EVENTS:-10000000}"; BATCH="${BATCH:-1000}"; CONNECTIONS="${CONNECTIONS:-4}"; FILES="${FILES:-2000}"
VERSIONS="${VERSIONS:-3}"; DAYS="${DAYS:-30}"; REPEAT="${REPEAT:-50}"; APPEND="${APPEND:-1}"
SKIP_TRACKER="${SKIP_TRACKER:-0}"; SKIP_DIRECT="${SKIP_DIRECT:-0}"; ORDER="${ORDER:-time}"; IDS="${IDS:-reporters}"
while [ $# -gt 0 ]; do
  case "$1" in
    --events) EVENTS="$2"; shift 2 ;;
    --no-append) APPEND=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$ORDER" in time|random) ;; *) echo "ORDER: time or random" >&2; exit 2 ;; esac
case "$IDS" in reporters|ordered|random) ;; *) echo "IDS: reporters, ordered or random" >&2; exit 2 ;; esac
for tool in psql python3 curl; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install postgresql-client python3 curl)" >&2; exit 1; }
done

WORK="${BENCH_WORK:-/tmp/ossnet-bench-stats}"
rm -rf "$WORK"; mkdir -p "$WORK"
. "$ROOT/bench/lib.sh"
stop_all_on_exit

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
per_second() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"   # EventLoad.java runs from source: a JDK 21+
LOAD=("$JAVA" -Xmx1g "$ROOT/bench/stats/EventLoad.java")

echo "== machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== parameters: $EVENTS events in batches of $BATCH over $CONNECTIONS connections; $FILES files, $VERSIONS versions, $DAYS days, order $ORDER, ids $IDS"
"$ROOT/ossnet" --version > /dev/null   # builds the jars if sources changed, before anything is timed

echo "== starting the local network in $WORK/network"
# The bench's one reporter sends every event from one address: its rate bound must not be what is measured.
export OSSNET_TRACKER_STATS_REPORTERBURST=1000000000 OSSNET_TRACKER_STATS_REPORTERPERHOUR=1000000000
start_local_network "$ROOT" "$WORK"
for variable in OSSNET_STATS_URL OSSNET_STATS_INGEST_TOKEN OSSNET_STATS_READ_TOKEN OSSNET_STATS_DATABASE_URL \
    OSSNET_REPORT_TOKEN; do
  [ -n "${!variable:-}" ] || { echo "the local network's env file has no $variable" >&2; exit 1; }
done
TRACKER="$OSSNET_TRACKER_URL"; STATS="${OSSNET_STATS_URL%/}"
COLLECTION="ossnet://${TRACKER#http://}"; COLLECTION="${COLLECTION%/}/bench/stats"
# listener_pid URL: the pid of the process listening on URL's port.
listener_pid() {
  python3 - "$1" <<'PY'
import re, subprocess, sys
port = sys.argv[1].split("://", 1)[-1].split("/", 1)[0].rsplit(":", 1)[1]
out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
m = re.search(r"pid=(\d+)", out)
print(m.group(1) if m else "")
PY
}
STATS_PID=$(listener_pid "$STATS")
TRACKER_PID=$(listener_pid "$TRACKER")
POSTGRES_PID=$(listener_pid "${OSSNET_STATS_DATABASE_URL#*@}")
[ -n "$STATS_PID" ] && [ -n "$TRACKER_PID" ] && [ -n "$POSTGRES_PID" ] \
  || { echo "cannot find the pids of stats-service, the tracker or PostgreSQL" >&2; exit 1; }
# cpu_ticks PID: clock ticks of CPU the process and its children have used, the ended ones included (PostgreSQL's
# backends are children of its postmaster).
cpu_ticks() {
  local pid total=0 fields
  for pid in "$1" $(pgrep -P "$1" || true); do
    fields=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
    total=$((total + $(echo "$fields" | awk '{print $12 + $13 + $14 + $15}')))
  done
  echo "$total"
}
cpu_all() { echo "$(cpu_ticks "$TRACKER_PID") $(cpu_ticks "$STATS_PID") $(cpu_ticks "$POSTGRES_PID")"; }
# us_per_event BEFORE AFTER INDEX: microseconds of CPU per event of the INDEX-th process of cpu_all between the two.
us_per_event() {
  awk -v a="$1" -v b="$2" -v i="$3" -v n="$EVENTS" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { split(a, x, " "); split(b, y, " "); printf "%.1f", (y[i] - x[i]) * 1e6 / hz / n }'
}
# direct_cpu BEFORE AFTER: stats-service's and PostgreSQL's CPU per event between two cpu_all.
direct_cpu() { echo "stats-service $(us_per_event "$1" "$2" 2) µs, PostgreSQL $(us_per_event "$1" "$2" 3) µs"; }
sql() { psql -X -q -t -A -v ON_ERROR_STOP=1 "$OSSNET_STATS_DATABASE_URL" -c "$1"; }
empty_tables() { sql "TRUNCATE download_event, event_seen, ingested_batch, daily_file_downloads, daily_totals, daily_file_totals, monthly_file_totals"; }
counted() { sql "SELECT coalesce(sum(downloads), 0) FROM daily_totals"; }   # the smallest rollup: cheap to poll
# Waits until stats-service's rollups hold all EVENTS, at most an hour after $1.
wait_counted() {
  until [ "$(counted)" = "$EVENTS" ]; do
    sleep 0.2
    if awk -v a="$1" -v b="$(now)" 'BEGIN { exit !(b - a > 3600) }'; then
      echo "not all counted within an hour" >&2; exit 1
    fi
  done
  return 0
}
# rollup_writes: rows inserted or updated in the full rollup so far (cumulative: TRUNCATE does not reset it), which
# divided by the events is how many rollup rows the drain upserted per event.
rollup_writes() { sql "SELECT n_tup_ins + n_tup_upd FROM pg_stat_user_tables WHERE relname = 'daily_file_downloads'"; }
# rollup_rows_per_event BEFORE: the full rollup's rows written per event since rollup_writes said BEFORE. The
# statistics reach pg_stat_user_tables when a backend's transaction ends, at most a second later: waited for.
rollup_rows_per_event() { sleep 1.5; awk -v a="$1" -v b="$(rollup_writes)" -v n="$EVENTS" 'BEGIN { printf "%.3f", (b - a) / n }'; }
memory() { awk '/^VmHWM:/ {hwm = $2} /^VmRSS:/ {rss = $2} END {printf "peak %d MiB, now %d MiB", hwm / 1024, rss / 1024}' "/proc/$STATS_PID/status"; }

echo "== publishing $FILES files in $VERSIONS versions as $COLLECTION"
TREE="$WORK/tree"
python3 - "$TREE" "$FILES" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
for i in range(n):
    d = os.path.join(root, "pool", "main", "p%02d" % (i % 50))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "package-%05d.deb" % i), "wb") as f:
        f.write(rng.randbytes(rng.randint(512, 8192)))
PY
for version in $(seq 1 "$VERSIONS"); do
  if [ "$version" -gt 1 ]; then   # a new version changes a few files, each keeping its size
    python3 - "$TREE" "$version" <<'PY'
import os, random, sys
root, version = sys.argv[1], int(sys.argv[2])
rng = random.Random(version)
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs)
for path in rng.sample(files, 20):
    size = os.path.getsize(path)
    with open(path, "wb") as f:
        f.write(rng.randbytes(size))
PY
  fi
  OSSNET_HOME="$WORK/publisher" "$ROOT/ossnet" publish "$TREE" --collection "$COLLECTION" --tracker "$TRACKER" \
    > "$WORK/publish-$version.out" 2>&1 || { cat "$WORK/publish-$version.out"; exit 1; }
done
(cd "$TREE" && find . -type f -printf '%P\t%s\n' | sort) > "$WORK/files.tsv"
common=(collection="$COLLECTION" files="$WORK/files.tsv" versions="$VERSIONS" days="$DAYS" seed=1 order="$ORDER" ids="$IDS"
        end="$(date -u -d '1 hour ago' +%Y-%m-%dT%H:00:00Z)")

# The request bodies are written beforehand, as the CSV for COPY is: what is timed is the service, not the load.
"${LOAD[@]}" bodies out="$WORK/bodies.txt" events="$EVENTS" batch="$BATCH" "${common[@]}"

# ---------------------------------------------------------------- straight into stats-service
DIRECT_SECONDS=""; DIRECT_RATE=""; DIRECT_CPU=""; ROLLUP_ROWS=""; DIRECT_ROLLUP=""; TRACKER_CPU=""; TRACKER_ROLLUP=""
if [ "$SKIP_DIRECT" != 1 ]; then
echo "== straight into stats-service: $EVENTS events"
writes0=$(rollup_writes); cpu0=$(cpu_all); t0=$(now)
"${LOAD[@]}" post url="$STATS/api/v1/events" token="$OSSNET_STATS_INGEST_TOKEN" events="$EVENTS" batch="$BATCH" \
  connections="$CONNECTIONS" bodies="$WORK/bodies.txt" "${common[@]}" | tee "$WORK/direct.out"
posted=$(now); cpu1=$(cpu_all); pending=$(sql "SELECT coalesce(sum(events), 0) FROM ingested_batch")
wait_counted "$t0"
DIRECT_SECONDS=$(elapsed "$t0" "$(now)"); cpu2=$(cpu_all)
DIRECT_RATE=$(per_second "$EVENTS" "$DIRECT_SECONDS")
echo "stats-service counted all after $DIRECT_SECONDS s ($DIRECT_RATE events/s)"
echo "posting ended after $(elapsed "$t0" "$posted") s with $pending events not yet in the rollups; they were $(elapsed "$posted" "$(now)") s later"
DIRECT_CPU=$(direct_cpu "$cpu0" "$cpu2")
DIRECT_ROLLUP=$(rollup_rows_per_event "$writes0")
echo "full-rollup rows written per event (inserted or updated): $DIRECT_ROLLUP"
echo "CPU per event: $DIRECT_CPU (while posting: $(direct_cpu "$cpu0" "$cpu1")); load $(load)"
echo "stats-service memory after ingestion: $(memory)"

echo "== queries at $EVENTS events ($REPEAT requests each)"
"${LOAD[@]}" query url="$STATS" token="$OSSNET_STATS_READ_TOKEN" repeat="$REPEAT" "${common[@]}" | tee "$WORK/queries.out"
ROLLUP_ROWS=$(sql "SELECT count(*) FROM daily_file_downloads")
echo "rollup rows: $ROLLUP_ROWS; stats-service memory after queries: $(memory)"
fi

# ---------------------------------------------------------------- through the tracker
TRACKER_RATE=""; TRACKER_SECONDS=""
if [ "$SKIP_TRACKER" != 1 ]; then
  empty_tables
  echo "== through the tracker: $EVENTS events, until stats-service has counted them all"
  writes0=$(rollup_writes); cpu0=$(cpu_all)
  t0=$(now)
  "${LOAD[@]}" post url="${TRACKER%/}/api/v1/events" token="$OSSNET_REPORT_TOKEN" events="$EVENTS" batch="$BATCH" \
    connections="$CONNECTIONS" bodies="$WORK/bodies.txt" "${common[@]}" | tee "$WORK/tracker.out"
  accepted=$(now)
  stored_at_accept=$(sql "SELECT count(*) FROM event_seen")
  wait_counted "$t0"
  TRACKER_SECONDS=$(elapsed "$t0" "$(now)")
  cpu1=$(cpu_all)
  echo "stats-service had stored $stored_at_accept events when posting ended ($(per_second "$stored_at_accept" "$(elapsed "$t0" "$accepted")") events/s while posting went on)"
  TRACKER_CPU="tracker $(us_per_event "$cpu0" "$cpu1" 1) µs, stats-service $(us_per_event "$cpu0" "$cpu1" 2) µs, PostgreSQL $(us_per_event "$cpu0" "$cpu1" 3) µs"
  echo "CPU per event through the tracker: $TRACKER_CPU"
  TRACKER_ROLLUP=$(rollup_rows_per_event "$writes0")
  echo "full-rollup rows written per event (inserted or updated): $TRACKER_ROLLUP"
  TRACKER_RATE=$(per_second "$EVENTS" "$TRACKER_SECONDS")
  echo "tracker accepted all in $(elapsed "$t0" "$accepted") s; stats-service counted all after $TRACKER_SECONDS s ($TRACKER_RATE events/s)"
fi

# ---------------------------------------------------------------- baseline: psql \copy
empty_tables
echo "== baseline: psql \\copy of the same $EVENTS rows into download_event"
"${LOAD[@]}" csv out="$WORK/rows.csv" events="$EVENTS" "${common[@]}" > /dev/null
t0=$(now)
psql -X -q -v ON_ERROR_STOP=1 "$OSSNET_STATS_DATABASE_URL" -c "\\copy download_event (event_id, collection, snapshot_version, file_path, bytes, bytes_from_peers, bytes_from_mirrors, bytes_from_origin, region, client_kind, duration_ms, completed_at) FROM '$WORK/rows.csv' WITH (FORMAT csv)"
COPY_SECONDS=$(elapsed "$t0" "$(now)")
COPY_RATE=$(per_second "$EVENTS" "$COPY_SECONDS")
[ "$(sql 'SELECT count(*) FROM download_event')" = "$EVENTS" ] || { echo "COPY stored the wrong number of rows" >&2; exit 1; }
echo "psql \\copy: $COPY_SECONDS s ($COPY_RATE rows/s)"

# ---------------------------------------------------------------- report
report="$WORK/report.md"
{
  echo
  echo "### Run of $(date -u +%Y-%m-%d) ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the end)"
  echo
  echo "$EVENTS events, batches of $BATCH over $CONNECTIONS connections, $FILES files x $VERSIONS versions over $DAYS days in $ORDER order, $IDS ids${ROLLUP_ROWS:+; $ROLLUP_ROWS rollup rows}."
  echo
  echo "| ingestion | seconds | events/s | vs psql \\copy |"
  echo "|---|---|---|---|"
  echo "| psql \\copy into download_event (baseline) | $COPY_SECONDS | $COPY_RATE | 1.00x |"
  [ -n "$DIRECT_RATE" ] && echo "| straight into stats-service (stored, deduplicated, rolled up) | $DIRECT_SECONDS | $DIRECT_RATE | $(ratio "$DIRECT_RATE" "$COPY_RATE")x |"
  [ -n "$TRACKER_RATE" ] && echo "| through the tracker (outbox, forwarded, counted) | $TRACKER_SECONDS | $TRACKER_RATE | $(ratio "$TRACKER_RATE" "$COPY_RATE")x |"
  echo
  if [ -f "$WORK/queries.out" ]; then
    echo "| query at $EVENTS events | p50 ms | p95 ms |"
    echo "|---|---|---|"
    sed -n 's/^query=\([^ ]*\) p50ms=\([^ ]*\) p95ms=\([^ ]*\).*/| \1 | \2 | \3 |/p' "$WORK/queries.out" | tr '_' ' '
    echo
  fi
  [ -z "$DIRECT_CPU" ] || { echo "Straight in, CPU per event: $DIRECT_CPU; full-rollup rows written per event: $DIRECT_ROLLUP."; echo; }
  [ -z "$TRACKER_CPU" ] || { echo "Through the tracker, CPU per event: $TRACKER_CPU; full-rollup rows written per event: $TRACKER_ROLLUP."; echo; }
  echo "stats-service memory: $(memory)."
} > "$report"
cat "$report"
if [ "$APPEND" = 1 ]; then
  cat "$report" >> "$ROOT/docs/BENCHMARKS.md"
  echo "appended to docs/BENCHMARKS.md"
fi
