#!/usr/bin/env bash
# The tracker's cost per metadata document (docs/BENCHMARKS.md): what every `ossnet get` and standard client asks
# before its first byte, and what a release day multiplies by every client. `./ossnet local` on free ports; for each
# of discovery, a file's name entry (/ns/…), its snapshot, the snapshot's signature, the file's torrent and a name
# that does not exist (a 404), wrk (one thread, 4 kept-alive connections) asks it for 10 s after a 10 s warm-up, and
# the bench prints requests per second, the tracker's CPU and PostgreSQL's CPU per request (from /proc; PostgreSQL is
# every postgres process, so run nothing else beside it). The file is the local network's demo collection's first.
# BASELINE_ROOT=<another checkout> measures that code the same way, alternating with this one, ROUNDS times, and
# prints each document's ratios. REGIONAL=1 first delegates a region holding 127.0.0.0/8 (to a regional tracker that
# is never started), so that every request comes from inside it: discovery then refers the client to its region, and
# a torrent names the regional tracker first. Needs wrk, curl, python3 and a JDK 21+ (and gpg with REGIONAL=1).
set -euo pipefail
export OSSNET_LOCAL_START_CACHE="${OSSNET_LOCAL_START_CACHE:-off}"   # steady state is measured
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${BENCH_WORK:-/tmp/ossnet-bench}/tracker-documents"; ROUNDS="${ROUNDS:-1}"
for tool in wrk curl ss python3; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }; done
DOCUMENTS=(discovery entry snapshot signature torrent missing)
HZ=$(getconf CLK_TCK)

if [ "${REGIONAL:-0}" = 1 ]; then
  command -v gpg >/dev/null || { echo "needs gpg (apt-get install gnupg)" >&2; exit 1; }
  # The tracker of `./ossnet local` takes its admin token from the environment it inherits.
  OSSNET_TRACKER_BOOTSTRAP_ADMIN_TOKEN="bench-admin-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  export OSSNET_TRACKER_BOOTSTRAP_ADMIN_TOKEN
fi

# delegate_region TRACKER WORK: region "bench" holds 127.0.0.0/8 and is delegated to a regional tracker whose key is
# made here; fails unless discovery from 127.0.0.1 then names the region.
delegate_region() {
  local tracker="$1" work="$2" admin=(-H "Authorization: Bearer $OSSNET_TRACKER_BOOTSTRAP_ADMIN_TOKEN")
  export GNUPGHOME="$work/gnupg"; mkdir -m 700 -p "$GNUPGHOME"
  gpg --batch --quiet --passphrase '' --quick-gen-key "bench regional tracker <regional@localhost>" ed25519 sign never
  curl -sf -o /dev/null -X PUT "${admin[@]}" -H 'Content-Type: application/json' \
    -d '{"prefixes": ["127.0.0.0/8"]}' "$tracker/api/v1/regions/bench"
  gpg --armor --export regional@localhost | python3 -c '
import json, sys
print(json.dumps({"trackers": ["http://127.0.0.1:9/"], "announce": ["http://127.0.0.1:9/announce"],
                  "trackerPublicKey": sys.stdin.read()}))' > "$work/delegation.json"
  curl -sf -o /dev/null -X PUT "${admin[@]}" -H 'Content-Type: application/json' -d @"$work/delegation.json" \
    "$tracker/api/v1/regions/bench/delegation"
  curl -sf "$tracker/.well-known/ossnet.json" | python3 -c '
import json, sys
region = json.load(sys.stdin).get("region")
sys.exit(0 if region and region["region"] == "bench" else "discovery from 127.0.0.1 does not name the region")'
}

postgres_ticks() { # the CPU ticks of every postgres process
  local pid total=0
  for pid in $(pgrep -x postgres); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# measure ROOT LABEL: starts ROOT's local network, measures every document, appends "LABEL DOC rps tracker-us pg-us
# not-2xx" lines to $RESULTS, stops it (and removes its WORK).
measure() {
  local root="$1" label="$2" work="$WORK/$2"
  rm -rf "$work"; mkdir -p "$work"
  (
    . "$root/bench/lib.sh"
    stop_all_on_exit
    "$root/ossnet" --version > /dev/null
    start_local_network "$root" "$work" > "$work/start.log" 2>&1
    local tracker="${OSSNET_TRACKER_URL%/}" pid mount file entry
    pid=$(ss -ltnpH "sport = :${tracker##*:}" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)
    [ "${REGIONAL:-0}" != 1 ] || delegate_region "$tracker" "$work"
    mount="${OSSNET_DEMO#ossnet://*/}"
    file=$(curl -sf "$tracker/ns/$mount/" | python3 -c '
import json, sys
children = json.load(sys.stdin)["entries"]
print(next(c["name"] for c in children if c["type"] == "file" and (c.get("size") or 0) > 0))')
    entry=$(curl -sf "$tracker/ns/$mount/$file")
    declare -A url=(
      [discovery]="$tracker/.well-known/ossnet.json"
      [entry]="$tracker/ns/$mount/$file"
      [missing]="$tracker/ns/$mount/no-such-$file"
    )
    for key in snapshot signature torrent; do
      url[$key]=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$entry" "$key")
    done
    local doc t0 t1 p0 p1 out
    for doc in "${DOCUMENTS[@]}"; do
      wrk -t1 -c4 -d10s "${url[$doc]}" > /dev/null 2>&1
      t0=$(awk '{print $14 + $15}' "/proc/$pid/stat"); p0=$(postgres_ticks)
      out=$(wrk -t1 -c4 -d10s "${url[$doc]}" 2>&1)
      t1=$(awk '{print $14 + $15}' "/proc/$pid/stat"); p1=$(postgres_ticks)
      echo "$out" | awk -v label="$label" -v doc="$doc" -v a="$t0" -v b="$t1" -v c="$p0" -v d="$p1" -v hz="$HZ" '
        /requests in/ { n = $1 } /Non-2xx/ { bad = $NF }
        END { printf "%s %s %.0f %.1f %.1f %d\n", label, doc, n / 10, (b - a) / hz * 1e6 / n, (d - c) / hz * 1e6 / n,
                     bad }' | tee -a "$RESULTS"
    done
  )
}

rm -rf "$WORK"; mkdir -p "$WORK"
RESULTS=$(mktemp); trap 'rm -f "$RESULTS"' EXIT
echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "label document requests/s tracker-us/request postgres-us/request not-2xx"
for round in $(seq "$ROUNDS"); do
  [ -z "${BASELINE_ROOT:-}" ] || measure "$BASELINE_ROOT" baseline
  measure "$ROOT" ossnet
  [ -n "${BASELINE_ROOT:-}" ] || break
done
echo "== load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "${BASELINE_ROOT:-}" ] || exit 0
echo
echo "| document | requests/s: baseline / ossnet | tracker + PostgreSQL CPU per request: baseline / ossnet | CPU ratio |"
echo "|---|---|---|---|"
python3 - "$RESULTS" "${DOCUMENTS[@]}" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
def med(label, doc, col):
    return statistics.median(float(r[col]) for r in rows if r[0] == label and r[1] == doc)
for doc in sys.argv[2:]:
    b_rps, o_rps = med("baseline", doc, 2), med("ossnet", doc, 2)
    b_cpu = med("baseline", doc, 3) + med("baseline", doc, 4)
    o_cpu = med("ossnet", doc, 3) + med("ossnet", doc, 4)
    print(f"| {doc} | {b_rps:,.0f} / {o_rps:,.0f} = {o_rps / b_rps:.2f}x | {b_cpu:.0f} / {o_cpu:.0f} us | {o_cpu / b_cpu:.2f}x |")
PY
