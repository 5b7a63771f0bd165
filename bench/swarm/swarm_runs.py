#!/usr/bin/env python3
"""Swarm benchmarks (b) and (c): aria2c and OSSNET in one run, on loopback; called by bench/swarm-bench.sh.

(b) one seed -> one leecher, uncapped, a B_FILE_MB file: aria2c -> aria2c through the baselines' run_swarm (opentracker
    finds the peers), then `ossnet seed` -> `ossnet get` through `./ossnet local`'s tracker. Throughput = F / time from
    the leecher's start until it has the whole verified file, and F / time from its first byte; the leecher's CPU
    seconds and peak RSS beside aria2c's.
(c) PEERS leechers, FILE_MB file, every upload capped at RATE: ../shared/baselines/swarm-bench.py --mode swarm for
    aria2c, then `ossnet seed --upload-rate RATE` and PEERS `ossnet get --upload-rate RATE --seed-time 10m` on the same
    payload. Time until all finish vs the Kumar-Ross bound, the seed's bytes sent in file copies, every peer's CPU.

Every process gets a free port: opentracker and the aria2c peers through the baseline's port options, the OSSNET
network and peers by asking for port 0 or a port found free (ossnet_peers.py).
"""
import argparse, importlib.util, json, os, shutil, statistics, subprocess, sys, time, types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ossnet_peers as op  # noqa: E402

MiB = 1 << 20


def load_baseline(path):
    spec = importlib.util.spec_from_file_location("baseline_swarm", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ossnet_run(a, bl, net, k, collection, payload, n, rate, out):
    """One OSSNET swarm: `ossnet seed` on the published tree, n `ossnet get`s; returns the baseline's run_swarm fields.

    A leecher is done when its file appears at its final path (its SHA-256 proven); without a rate it is `get` alone,
    which exits then, and with one it uploads at that rate and seeds on (--seed-time 10m) until all are done."""
    rd = os.path.join(a.work, f"ossnet-{out}-run-{k}")
    shutil.rmtree(rd, ignore_errors=True); os.makedirs(rd)
    F = os.path.getsize(payload)
    tree = os.path.dirname(payload)
    procs = []
    try:
        seed, seed_status = op.start_seed(net, tree, collection, rd, os.path.join(a.work, f"seed-home-{out}"), rate,
                                          java_opts(a, rd))
        procs.append(seed)
        t0 = time.time()
        dirs = [os.path.join(rd, f"leech-{i}") for i in range(1, n + 1)]
        for d in dirs:
            os.makedirs(d)
            procs.append(op.start_get(net, collection + "/payload.bin", d, rate, "10m" if rate else None,
                                      java_opts(a, rd)))
        leechers = procs[1:]
        done, first, exits = {}, {}, {}
        progress = open(os.path.join(a.work, f"ossnet-{out}-run{k}-progress.csv"), "w")
        progress.write("t,seed_up_MiB," + ",".join(f"p{i}_MiB" for i in range(1, n + 1)) + "\n")
        next_row = 0
        while time.time() - t0 < a.timeout and len(done) < n:
            now = time.time()
            for d, p in zip(dirs, leechers):
                target = os.path.join(d, "out", "payload.bin")
                if d not in first and op.first_byte_seen(target + ".ossnet-part"):
                    first[d] = now
                if d not in done and os.path.exists(target):
                    done[d] = now
                if d not in exits and p.poll():
                    exits[d] = p.exited
                    if d not in done:
                        raise RuntimeError(f"ossnet get exited with {p.rc} before its file was done; see {d}/log")
            if now - t0 >= next_row:  # one row a second: what each leecher holds, what the seed sent
                held = [os.path.getsize(os.path.join(d, "out", "payload.bin")) if d in done else part_bytes(d)
                        for d in dirs]
                progress.write(f"{now - t0:.1f},{op.read_json(seed_status).get('uploadedBytes', 0) / MiB:.0f},"
                               + ",".join(f"{h / MiB:.0f}" for h in held) + "\n")
                next_row += 1
            time.sleep(0.05)
        progress.close()
        while len(exits) < n and not rate and time.time() - t0 < a.timeout:  # `get` exits after its report
            for d, p in zip(dirs, leechers):
                if d not in exits and p.poll():
                    exits[d] = p.exited
            time.sleep(0.05)
        cpu = {p.name: p.cpu_s() for p in procs}
        rss = {p.name: p.peak_rss_mb() for p in procs}
    finally:
        for p in reversed(procs):
            p.stop()  # SIGTERM: the leechers write their peer reports, the seed its status file
    seed_up = op.read_json(seed_status).get("uploadedBytes", 0)
    leech_up = [op.sent_bytes(os.path.join(d, "peer-report.json")) for d in dirs]
    ok = len(done) == n
    ref = bl.file_sha1(payload) if ok and a.verify else None
    verified = [bl.file_sha1(os.path.join(d, "out", "payload.bin")) == ref for d in dirs] if ref else []
    r = {"mode": "ossnet", "run": k, "ok": ok and all(verified), "verified": verified,
         "per_leecher_s": [round(done[d] - t0, 2) if d in done else None for d in dirs],
         "T_all_s": round(max(done.values()) - t0, 2) if ok else None,
         "get_exit_s": round(max(exits.values()) - t0, 2) if len(exits) == n else None,
         "first_byte_s_median": round(statistics.median(f - t0 for f in first.values()), 2) if first else None,
         "cpu_s_seeder": round(cpu["seed"], 2),
         "cpu_s_leechers_total": round(sum(v for nm, v in cpu.items() if nm.startswith("leech")), 2),
         "peak_rss_mb_seeder": round(rss["seed"]),
         "peak_rss_mb_leecher_max": round(max(v for nm, v in rss.items() if nm.startswith("leech"))),
         "seeder_uploaded_MiB": round(seed_up / MiB, 1),
         "leechers_uploaded_MiB": round(sum(leech_up) / MiB, 1),
         "seeder_uploaded_in_file_copies": round(seed_up / F, 2),
         "load": os.getloadavg()}
    if not a.keep:
        shutil.rmtree(rd, ignore_errors=True)
    return r


def part_bytes(d):
    try:
        return os.stat(os.path.join(d, "out", "payload.bin.ossnet-part")).st_blocks * 512
    except OSError:
        return 0


def java_opts(a, rd):
    """JAVA_TOOL_OPTIONS for every OSSNET command: --jvm-opts, and a JFR recording per process with --jfr."""
    opts = a.jvm_opts.split()
    if a.jfr:
        opts.append(f"-XX:StartFlightRecording=filename={rd}/%p.jfr,settings=profile")
    return " ".join(opts) or None


def recording_peak_rss(bl):
    """Wraps the baseline's cpu_s, which run_swarm calls on every live process before stopping them, to also note each
    process's peak RSS (VmHWM) by name."""
    peaks, cpu_s = {}, bl.cpu_s

    def cpu_and_peak(p):
        name = next((n for n, q in bl.PROCS if q is p), str(p.pid))
        peaks[name] = op.vm_hwm_mb(p.pid)
        return cpu_s(p)
    bl.cpu_s = cpu_and_peak
    return peaks


def publish_payload(a, net, payload, path):
    """The payload alone in a tree of its own (a hard link), published to the network's tracker as `path`."""
    tree = os.path.join(a.work, f"tree-{path.rsplit('/', 1)[-1]}")
    os.makedirs(tree, exist_ok=True)
    linked = os.path.join(tree, "payload.bin")
    if not os.path.exists(linked) or not os.path.samefile(linked, payload):
        if os.path.exists(linked):
            os.remove(linked)
        try:
            os.link(payload, linked)
        except OSError:
            shutil.copyfile(payload, linked)
    return net.publish(tree, path), linked


def med(rs, key):
    v = [r[key] for r in rs if r.get("ok") and r.get(key) is not None]
    return statistics.median(v) if v else None


def case_b(a, bl):
    """aria2c -> aria2c and `ossnet seed` -> `ossnet get`, one seed and one leecher, uncapped, alternating runs."""
    sw = os.path.join(a.baseline_work, "swarm-b")
    os.makedirs(os.path.join(sw, "seed"), exist_ok=True)
    payload = os.path.join(sw, "seed", "payload.bin")
    torrent = os.path.join(sw, "payload.torrent")
    F = a.b_file_mb * MiB
    tracker_port = op.free_port()
    tracker = f"http://127.0.0.1:{tracker_port}/announce"
    if not os.path.exists(payload) or os.path.getsize(payload) != F:
        print(f"creating a {a.b_file_mb} MiB payload for (b)", flush=True)
        subprocess.run(["head", "-c", str(F), "/dev/urandom"], stdout=open(payload, "wb"), check=True)
        for f in (torrent, os.path.join(sw, "payload.sha1")):
            if os.path.exists(f): os.remove(f)
    if os.path.exists(torrent) and bl.bdecode_span(open(torrent, "rb").read())[0].get(b"announce") != tracker.encode():
        os.remove(torrent)  # the tracker's port is picked afresh each time; the info-hash stays the same
    if not os.path.exists(torrent):
        subprocess.run(["mktorrent", "-p", "-a", tracker, "-l", "20", "-o", torrent, payload], check=True,
                       capture_output=True)
    if not os.path.exists(os.path.join(sw, "payload.sha1")):
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
    ba = types.SimpleNamespace(start_tracker=True, tracker=tracker, tracker_port=tracker_port, file_mb=a.b_file_mb,
                               peers=1, seed_ul="0", peer_ul="0", peer_dl="", aria2_extra="", timeout=a.timeout,
                               rpc_base=op.free_ports(2), listen_base=op.free_ports(2), keep=a.keep)
    out = os.path.join(a.work, "results-b"); os.makedirs(out, exist_ok=True)
    peaks = recording_peak_rss(bl)
    aria, ours = [], []
    net = op.Network(a.root, os.path.join(a.work, "ossnet-b"))
    try:
        collection, ours_payload = publish_payload(a, net, payload, "bench/swarm-b")
        for k in range(1, a.runs + 1):
            if not a.skip_aria2:
                r = bl.run_swarm(ba, ih, hook, k, out)
                r.update(peak_rss_mb_seeder=round(peaks.get("seeder", 0)),
                         peak_rss_mb_leecher_max=round(peaks.get("leech-1", 0)), load=os.getloadavg())
                aria.append(r); print("aria2c", json.dumps(r), flush=True)
            ours.append(ossnet_run(a, bl, net, k, collection, ours_payload, 1, 0, "b"))
            print("ossnet", json.dumps(ours[-1]), flush=True)
    finally:
        bl.stop_all()
        subprocess.run([os.path.join(a.baselines, "stop-opentracker.sh")], capture_output=True)
        net.stop()
    rows = {}
    for name, rs in (("aria2c -> aria2c", aria), ("ossnet seed -> get", ours)):
        t, fb = med(rs, "T_all_s"), med(rs, "first_byte_s_median")
        cpu_l, rss = med(rs, "cpu_s_leechers_total"), med(rs, "peak_rss_mb_leecher_max")
        cpu = statistics.median([r["cpu_s_seeder"] + r["cpu_s_leechers_total"] for r in rs if r["ok"]] or [0])
        rows[name] = (t, cpu_l, rss)
        if t:
            tr = f"{a.b_file_mb / (t - fb):5.0f}" if fb is not None and t > fb else "    ?"
            ex = f", exits {med(rs, 'get_exit_s')} s" if med(rs, "get_exit_s") else ""
            print(f"(b) {name:18}: {sum(r['ok'] for r in rs)}/{len(rs)} ok, median {t:6.2f} s to the file"
                  f"{ex} = {a.b_file_mb / t:5.0f} MiB/s; first byte {fb} s, from it {tr} MiB/s; leecher {cpu_l} CPU-s"
                  f" = {cpu_l * 1024 / a.b_file_mb:.2f} per GiB, peak RSS {rss} MB; seed+leecher {cpu:5.2f} CPU-s")
    (ta, ca, ra), (to, co, ro) = rows["aria2c -> aria2c"], rows["ossnet seed -> get"]
    if ta and to:
        print(f"(b) ossnet/aria2c: throughput {ta / to:.2f}x (target >= 1.5x), leecher CPU {co / ca:.2f}x "
              f"(target <= 1.5x), get's peak RSS {ro} MB (target <= 128 MB); load {load()}")
    json.dump({"aria2c": aria, "ossnet": ours}, open(os.path.join(out, "summary.json"), "w"), indent=1)


def case_c(a, bl):
    """aria2c through the baselines' swarm-bench.py, then `ossnet seed` and `ossnet get`s on the same payload."""
    out = os.path.join(a.work, "results-c"); os.makedirs(out, exist_ok=True)
    tag = f"ossnet-bench-n{a.peers}-{a.file_mb}M-{a.rate}"
    # Its own free ports: the tracker's, and a block each for the aria2c peers' RPC and listening ports.
    cmd = [sys.executable, os.path.join(a.baselines, "swarm-bench.py"), "--peers", str(a.peers), "--file-mb",
           str(a.file_mb), "--seed-ul", a.rate, "--peer-ul", a.rate, "--runs", str(a.runs), "--mode", "swarm",
           "--tracker-port", str(op.free_port()), "--rpc-base", str(op.free_ports(a.peers + 1)),
           "--listen-base", str(op.free_ports(a.peers + 1)), "--http-port", str(op.free_port()),
           "--timeout", str(a.timeout), "--tag", tag]
    aria = []
    if a.skip_aria2:
        cmd[cmd.index("--runs") + 1] = "0"  # only prepares the payload and torrent
    env = dict(os.environ, BASELINE_WORK=a.baseline_work)
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    for line in p.stdout.splitlines():
        if line.startswith("{"):
            aria.append(dict(json.loads(line), load=os.getloadavg())); print("aria2c", line, flush=True)
    if p.returncode != 0:
        print(p.stdout, p.stderr); raise SystemExit("baseline swarm-bench.py failed")
    payload = os.path.join(a.baseline_work, "swarm", "seed", "payload.bin")
    rate = bl.size_arg(a.rate)
    ours = []
    net = op.Network(a.root, os.path.join(a.work, "ossnet-c"))
    try:
        collection, ours_payload = publish_payload(a, net, payload, "bench/swarm-c")
        for k in range(1, a.runs + 1):
            ours.append(ossnet_run(a, bl, net, k, collection, ours_payload, a.peers, rate, "c"))
            print("ossnet", json.dumps(ours[-1]), flush=True)
    finally:
        net.stop()
    F, N = a.file_mb * MiB, a.peers
    bound = max(F / rate, N * F / (rate + N * rate))
    print(f"(c) Kumar-Ross bound: {bound:.2f} s (F={a.file_mb} MiB, N={N}, every upload {a.rate}/s)")
    cpus = {}
    for name, rs in (("aria2c", aria), ("ossnet", ours)):
        t, copies = med(rs, "T_all_s"), med(rs, "seeder_uploaded_in_file_copies")
        if copies is None and rs:  # the baseline reports MiB only in older versions
            copies = med([dict(r, c=r["seeder_uploaded_MiB"] / a.file_mb) for r in rs], "c")
        cpu = cpus[name] = statistics.median([r["cpu_s_seeder"] + r["cpu_s_leechers_total"] for r in rs if r["ok"]]
                                             or [0])
        if t:
            print(f"(c) {name:7}: {sum(r['ok'] for r in rs)}/{len(rs)} runs ok, median T_all {t:6.2f} s = "
                  f"{t / bound:.2f}x bound (target <= 1.10x); seed sent {copies:.2f} file copies (target <= 1.05); "
                  f"{cpu:6.2f} CPU-s in all; runs: {[r['T_all_s'] for r in rs]}")
    if cpus.get("aria2c"):
        print(f"(c) all peers' CPU ossnet/aria2c: {cpus['ossnet'] / cpus['aria2c']:.2f}x (target <= 2x); load {load()}")
    json.dump({"bound_s": bound, "aria2c": aria, "ossnet": ours}, open(os.path.join(out, "summary.json"), "w"),
              indent=1)


def load():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("case", choices=["b", "c"])
    ap.add_argument("--root", required=True, help="the repository, whose ./ossnet runs the OSSNET side")
    ap.add_argument("--jvm-opts", default="", help="JAVA_TOOL_OPTIONS for the OSSNET commands (default: none)")
    ap.add_argument("--jfr", action="store_true")
    ap.add_argument("--work", required=True)
    ap.add_argument("--baselines", required=True)
    ap.add_argument("--baseline-work", required=True)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--peers", type=int, default=6)
    ap.add_argument("--file-mb", type=int, default=256)
    ap.add_argument("--b-file-mb", type=int, default=1024)
    ap.add_argument("--rate", default="20M")
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
