#!/usr/bin/env python3
"""Swarm benchmarks (b) and (c): aria2c and OSSNET in one run, on loopback; called by bench/swarm-bench.sh.

(b) one seed -> one leecher, uncapped, a B_FILE_MB file: aria2c -> aria2c through the baselines' run_swarm (opentracker
    finds the peers), then an OSSNET seed -> an OSSNET leecher. Throughput = F / time from the leecher's start until it
    has the whole verified file, and F / time from its first byte.
(c) PEERS leechers, FILE_MB file, every upload capped at RATE: ../shared/baselines/swarm-bench.py --mode swarm for
    aria2c, then the same set-up with OSSNET peers. Time until all finish vs the Kumar-Ross bound, and the seed's bytes
    sent in file copies.

Every OSSNET peer is its own JVM. ossnet_peer_cmd() is the only place that knows how a peer is started.
"""
import argparse, importlib.util, json, os, shutil, statistics, subprocess, sys, time, types

HERE = os.path.dirname(os.path.abspath(__file__))
MiB = 1 << 20


def load_baseline(path):
    spec = importlib.util.spec_from_file_location("baseline_swarm", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ossnet_peer_cmd(a, role, torrent, path, port, status, rate, peers=(), sha256=None):
    """The command line of one OSSNET peer. Switching to the real CLI changes only this function (see bench/README.md)."""
    cmd = [a.java, "-cp", a.classpath] + a.jvm_opts.split()
    if a.jfr:
        cmd.append(f"-XX:StartFlightRecording=filename={status}.jfr,settings=profile")
    cmd += ["SwarmBenchPeer", role, torrent, path, "--port", str(port), "--status", status,
            "--upload-rate", str(rate)]
    if sha256:
        cmd += ["--sha256", sha256]
    if peers:
        cmd += ["--peers", ",".join(f"127.0.0.1:{p}" for p in peers)]
    return cmd


def read_status(path):
    try:
        v, up, down, done, conns, first = open(path).read().split()
        return {"verified": int(v), "up": int(up), "down": int(down), "done": float(done), "peers": int(conns),
                "first": float(first)}
    except (OSError, ValueError):
        return None


def ossnet_run(a, bl, k, torrent, payload, sha256, n, rate, out):
    """One OSSNET swarm: a seed on `payload`, n leechers; returns the same fields as the baseline's run_swarm."""
    rd = os.path.join(a.work, f"ossnet-{out}-run-{k}")
    shutil.rmtree(rd, ignore_errors=True); os.makedirs(rd)
    F = os.path.getsize(payload)
    seed_port = a.ossnet_port_base
    seed_status = os.path.join(rd, "seed.status")
    bl.spawn("seeder", ossnet_peer_cmd(a, "seed", torrent, payload, seed_port, seed_status, rate),
             os.path.join(rd, "seed.log"))
    deadline = time.time() + 60
    while read_status(seed_status) is None:
        if time.time() > deadline:
            bl.stop_all(); raise RuntimeError("OSSNET seed did not start; see " + rd + "/seed.log")
        time.sleep(0.05)
    t0 = time.time()
    statuses = []
    for i in range(1, n + 1):
        d = os.path.join(rd, f"leech-{i}"); os.makedirs(d)
        st = os.path.join(d, "status"); statuses.append(st)
        # Each leecher dials the seed and the leechers started before it, as a tracker would hand them out.
        peers = [seed_port] + [seed_port + j for j in range(1, i)]
        bl.spawn(f"leech-{i}", ossnet_peer_cmd(a, "get", torrent, os.path.join(d, "payload.bin"), seed_port + i, st,
                                               rate, peers, sha256), os.path.join(d, "log"))
    done = {}
    progress = open(os.path.join(a.work, f"ossnet-{out}-run{k}-progress.csv"), "w")
    progress.write("t," + ",".join(f"p{i}_verified,p{i}_up" for i in range(n + 1)) + "\n")
    next_row = 0
    while time.time() - t0 < a.timeout and len(done) < n:
        for st in statuses:
            s = read_status(st)
            if s and s["done"] > 0:
                done[st] = s
        if time.time() - t0 >= next_row:  # one row a second: who has what, who sent what
            row = [read_status(st) or {} for st in [seed_status] + statuses]
            progress.write(f"{time.time() - t0:.1f}," + ",".join(f"{r.get('verified', 0) >> 20},{r.get('up', 0) >> 20}"
                                                                  for r in row) + "\n")
            next_row += 1
        time.sleep(0.1)
    progress.close()
    cpu = {name: bl.cpu_s(p) for name, p in bl.PROCS}
    bl.stop_all()  # SIGTERM: each peer writes its final counters
    final = [read_status(st) or {} for st in statuses]
    seed = read_status(seed_status) or {}
    ok = len(done) == n
    ref = bl.file_sha1(payload) if ok and a.verify else None
    verified = [bl.file_sha1(os.path.join(os.path.dirname(st), "payload.bin")) == ref for st in statuses] if ref else []
    r = {"mode": "ossnet", "run": k, "ok": ok and all(verified), "verified": verified,
         "per_leecher_s": [round(done[st]["done"] - t0, 2) if st in done else None for st in statuses],
         "T_all_s": round(max(s["done"] for s in done.values()) - t0, 2) if ok else None,
         "first_byte_s_median": round(statistics.median(s["first"] - t0 for s in final if s.get("first", 0) > 0), 2)
         if any(s.get("first", 0) > 0 for s in final) else None,
         "cpu_s_seeder": round(cpu.get("seeder", float("nan")), 2),
         "cpu_s_leechers_total": round(sum(v for nm, v in cpu.items() if nm.startswith("leech")), 2),
         "seeder_uploaded_MiB": round(seed.get("up", 0) / MiB, 1),
         "leechers_uploaded_MiB": round(sum(s.get("up", 0) for s in final) / MiB, 1),
         "seeder_uploaded_in_file_copies": round(seed.get("up", 0) / F, 2)}
    if not a.keep:
        shutil.rmtree(rd, ignore_errors=True)
    return r


def med(rs, key):
    v = [r[key] for r in rs if r.get("ok") and r.get(key) is not None]
    return statistics.median(v) if v else None


def case_b(a, bl):
    """aria2c -> aria2c and OSSNET -> OSSNET, one seed and one leecher, uncapped."""
    sw = os.path.join(a.baseline_work, "swarm-b")
    os.makedirs(os.path.join(sw, "seed"), exist_ok=True)
    payload = os.path.join(sw, "seed", "payload.bin")
    torrent = os.path.join(sw, "payload.torrent")
    F = a.b_file_mb * MiB
    tracker = f"http://127.0.0.1:{a.tracker_port}/announce"
    if not os.path.exists(payload) or os.path.getsize(payload) != F:
        print(f"creating a {a.b_file_mb} MiB payload for (b)", flush=True)
        subprocess.run(["head", "-c", str(F), "/dev/urandom"], stdout=open(payload, "wb"), check=True)
        for f in (torrent, os.path.join(sw, "payload.sha1")):
            if os.path.exists(f): os.remove(f)
    if not os.path.exists(torrent):
        subprocess.run(["mktorrent", "-p", "-a", tracker, "-l", "20", "-o", torrent, payload], check=True,
                       capture_output=True)
        open(os.path.join(sw, "payload.sha1"), "w").write(bl.file_sha1(payload) + "  payload.bin\n")
    ih = bl.info_hash(torrent)
    extra = os.path.join(a.baseline_work, "extra-infohashes.txt")
    if ih not in (open(extra).read() if os.path.exists(extra) else ""):
        open(extra, "a").write(ih + "\n")
    hook = os.path.join(sw, "on-complete.sh")
    open(hook, "w").write('#!/bin/sh\ndate +%s.%N > "$(dirname "$3")/.done_ts"\n'); os.chmod(hook, 0o755)
    for name in ("seed", ""):
        os.chmod(os.path.join(sw, name), 0o755)
    os.chmod(payload, 0o644)
    # The baseline's run_swarm, pointed at this payload: opentracker, aria2c seeder, aria2c leecher, hook timestamps.
    bl.SW, bl.PAYLOAD_DIR, bl.PAYLOAD, bl.TORRENT = sw, os.path.dirname(payload), payload, torrent
    ba = types.SimpleNamespace(start_tracker=True, tracker=tracker, tracker_port=a.tracker_port, file_mb=a.b_file_mb,
                               peers=1, seed_ul="0", peer_ul="0", peer_dl="", aria2_extra="", timeout=a.timeout,
                               rpc_base=a.rpc_base, listen_base=a.listen_base, keep=a.keep)
    sha256 = subprocess.run(["sha256sum", payload], capture_output=True, text=True, check=True).stdout.split()[0]
    out = os.path.join(a.work, "results-b"); os.makedirs(out, exist_ok=True)
    aria, ours = [], []
    try:
        for k in range(1, a.runs + 1):
            if not a.skip_aria2:
                aria.append(bl.run_swarm(ba, ih, hook, k, out)); print("aria2c", json.dumps(aria[-1]), flush=True)
            ours.append(ossnet_run(a, bl, k, torrent, payload, sha256, 1, 0, "b"))
            print("ossnet", json.dumps(ours[-1]), flush=True)
    finally:
        bl.stop_all()
        subprocess.run([os.path.join(a.baselines, "stop-opentracker.sh")], capture_output=True)
    rows = []
    for name, rs in (("aria2c -> aria2c", aria), ("ossnet -> ossnet", ours)):
        t, fb = med(rs, "T_all_s"), med(rs, "first_byte_s_median")
        cpu = statistics.median([r["cpu_s_seeder"] + r["cpu_s_leechers_total"] for r in rs if r["ok"]] or [0])
        rows.append((name, t, fb, cpu))
        if t:
            tr = f"{a.b_file_mb / (t - fb):7.0f}" if fb is not None and t > fb else "      ?"
            print(f"(b) {name:18}: {len(rs)} runs, median {t:6.2f} s wall = {a.b_file_mb / t:6.0f} MiB/s; "
                  f"first byte {fb} s, from it {tr} MiB/s; {cpu:5.2f} CPU-s (seed+leecher)")
    if rows[0][1] and rows[1][1]:
        print(f"(b) ratio ossnet/aria2c throughput (wall): {rows[0][1] / rows[1][1]:.2f}x  (target >= 1.0x)")
    summary = {"aria2c": aria, "ossnet": ours}
    json.dump(summary, open(os.path.join(out, "summary.json"), "w"), indent=1)


def case_c(a, bl):
    """aria2c through the baselines' swarm-bench.py, then OSSNET on the same payload and torrent."""
    out = os.path.join(a.work, "results-c"); os.makedirs(out, exist_ok=True)
    tag = f"ossnet-bench-n{a.peers}-{a.file_mb}M-{a.rate}"
    cmd = [sys.executable, os.path.join(a.baselines, "swarm-bench.py"), "--peers", str(a.peers), "--file-mb",
           str(a.file_mb), "--seed-ul", a.rate, "--peer-ul", a.rate, "--runs", str(a.runs), "--mode", "swarm",
           "--tracker-port", str(a.tracker_port), "--rpc-base", str(a.rpc_base), "--listen-base", str(a.listen_base),
           "--timeout", str(a.timeout), "--tag", tag]
    aria = []
    if a.skip_aria2:
        cmd[cmd.index("--runs") + 1] = "0"  # only prepares the payload and torrent
    env = dict(os.environ, BASELINE_WORK=a.baseline_work)
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    for line in p.stdout.splitlines():
        if line.startswith("{"):
            aria.append(json.loads(line)); print("aria2c", line, flush=True)
    if p.returncode != 0:
        print(p.stdout, p.stderr); raise SystemExit("baseline swarm-bench.py failed")
    sw = os.path.join(a.baseline_work, "swarm")
    payload, torrent = os.path.join(sw, "seed", "payload.bin"), os.path.join(sw, "payload.torrent")
    sha256 = subprocess.run(["sha256sum", payload], capture_output=True, text=True, check=True).stdout.split()[0]
    rate = bl.size_arg(a.rate)
    ours = []
    try:
        for k in range(1, a.runs + 1):
            ours.append(ossnet_run(a, bl, k, torrent, payload, sha256, a.peers, rate, "c"))
            print("ossnet", json.dumps(ours[-1]), flush=True)
    finally:
        bl.stop_all()
    F, N = a.file_mb * MiB, a.peers
    bound = max(F / rate, N * F / (rate + N * rate))
    print(f"(c) Kumar-Ross bound: {bound:.2f} s (F={a.file_mb} MiB, N={N}, every upload {a.rate}/s)")
    for name, rs in (("aria2c", aria), ("ossnet", ours)):
        t, copies = med(rs, "T_all_s"), med(rs, "seeder_uploaded_in_file_copies")
        if copies is None and rs:  # the baseline reports MiB only in older versions
            copies = med([dict(r, c=r["seeder_uploaded_MiB"] / a.file_mb) for r in rs], "c")
        cpu = statistics.median([r["cpu_s_seeder"] + r["cpu_s_leechers_total"] for r in rs if r["ok"]] or [0])
        if t:
            print(f"(c) {name:7}: {sum(r['ok'] for r in rs)}/{len(rs)} runs ok, median T_all {t:6.2f} s = "
                  f"{t / bound:.2f}x bound (target <= 1.25x); seed sent {copies:.2f} file copies (target <= 1.2); "
                  f"{cpu:6.2f} CPU-s in all; runs: {[r['T_all_s'] for r in rs]}")
    json.dump({"bound_s": bound, "aria2c": aria, "ossnet": ours}, open(os.path.join(out, "summary.json"), "w"),
              indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("case", choices=["b", "c"])
    ap.add_argument("--java", required=True)
    ap.add_argument("--classpath", required=True)
    ap.add_argument("--jvm-opts", default="")
    ap.add_argument("--jfr", action="store_true")
    ap.add_argument("--work", required=True)
    ap.add_argument("--baselines", required=True)
    ap.add_argument("--baseline-work", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--peers", type=int, default=6)
    ap.add_argument("--file-mb", type=int, default=256)
    ap.add_argument("--b-file-mb", type=int, default=1024)
    ap.add_argument("--rate", default="20M")
    ap.add_argument("--tracker-port", type=int, default=16969)
    ap.add_argument("--rpc-base", type=int, default=16800)
    ap.add_argument("--listen-base", type=int, default=26881)
    ap.add_argument("--ossnet-port-base", type=int, default=27881)
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--skip-aria2", action="store_true")
    ap.add_argument("--no-verify", dest="verify", action="store_false")
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True); os.makedirs(a.baseline_work, exist_ok=True)
    os.environ["BASELINE_WORK"] = a.baseline_work  # read by the baseline module and its tracker scripts
    bl = load_baseline(os.path.join(a.baselines, "swarm-bench.py"))
    (case_b if a.case == "b" else case_c)(a, bl)


if __name__ == "__main__":
    main()
