"""The OSSNET side of the swarm benches, with the commands a user runs: `./ossnet local` for the tracker, the payload
published to it without an origin URL (so no web seed), `ossnet seed` on the published tree and `ossnet get` for every
leecher. Every process listens on loopback on a free port, and every wait is bounded in time.

A process's CPU seconds and peak RSS come from wait4()'s rusage once it has exited (`get` without --seed-time), or from
/proc/<pid>/stat and VmHWM while it runs; the launcher execs the JVM, so its pid is the JVM's.
"""
import json, os, shutil, signal, socket, subprocess, time

MiB = 1 << 20


def free_port():
    """A port free on 127.0.0.1 for TCP and UDP (opentracker takes both), found by binding to port 0."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port_free(port):
            return port


def port_free(port):
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        with socket.socket(socket.AF_INET, kind) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


def free_ports(n):
    """The first of n consecutive free ports (the baseline numbers its aria2c peers base, base + 1, ...)."""
    for _ in range(200):
        base = free_port()
        if base + n < 65536 and all(port_free(base + i) for i in range(1, n)):
            return base
    raise RuntimeError(f"found no {n} consecutive free ports")


class Proc:
    """A started command, its own session, stopped by its pid; CPU and peak RSS readable alive or exited."""

    def __init__(self, name, cmd, log, env=None, cwd=None):
        self.name, self.cmd = name, cmd
        self.out = open(log, "wb")
        self.p = subprocess.Popen(cmd, stdout=self.out, stderr=subprocess.STDOUT, start_new_session=True, env=env,
                                  cwd=cwd)
        self.started = time.time()
        self.exited, self.rc, self.usage = None, None, None

    def poll(self):
        """Whether it has exited; reaps it with wait4 so that its rusage is kept."""
        if self.exited is None:
            pid, status, usage = os.wait4(self.p.pid, os.WNOHANG)
            if pid == 0:
                return False
            self.exited, self.rc, self.usage = time.time(), os.waitstatus_to_exitcode(status), usage
            self.p.returncode = self.rc
        return True

    def cpu_s(self):
        if self.poll():
            return self.usage.ru_utime + self.usage.ru_stime
        try:
            f = open(f"/proc/{self.p.pid}/stat").read().rsplit(")", 1)[1].split()
            return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return float("nan")

    def peak_rss_mb(self):
        if self.poll():
            return self.usage.ru_maxrss / 1024
        return vm_hwm_mb(self.p.pid)

    def stop(self, grace=15):
        """SIGTERM (the commands write their status and reports on it), SIGKILL after `grace` seconds."""
        if not self.poll():
            try:
                os.kill(self.p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            deadline = time.time() + grace
            while not self.poll() and time.time() < deadline:
                time.sleep(0.05)
            if not self.poll():
                os.kill(self.p.pid, signal.SIGKILL)
                while not self.poll():
                    time.sleep(0.05)
        self.out.close()


def vm_hwm_mb(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


class Network:
    """`./ossnet local` with every port free, the tracker the payloads are published to and announced at."""

    def __init__(self, root, work, timeout=300):
        self.root, self.work = root, work
        shutil.rmtree(os.path.join(work, "network"), ignore_errors=True)
        os.makedirs(work, exist_ok=True)
        ports = [a for o in ("--tracker-port", "--signing-port", "--stats-port", "--region-port", "--origin-port",
                             "--tracker-announce-port") for a in (o, "0")]
        self.proc = Proc("network", [os.path.join(root, "ossnet"), "local", "--work", os.path.join(work, "network")]
                         + ports, os.path.join(work, "network.log"))
        env_file = os.path.join(work, "network", "env")
        deadline = time.time() + timeout
        while not os.path.exists(env_file):
            if self.proc.poll() or time.time() > deadline:
                self.stop()
                raise RuntimeError("ossnet local did not start; see " + os.path.join(work, "network.log"))
            time.sleep(0.5)
        time.sleep(0.2)  # the file is written whole, but give its writer the moment to close it
        self.env = dict(line.strip().split("=", 1) for line in open(env_file) if "=" in line)
        self.tracker = self.env["OSSNET_TRACKER_URL"]

    def command_env(self, home, java_opts=None):
        # Each command has a home of its own (the env file names one client home for all).
        env = dict(os.environ)
        env.update(self.env)
        env["OSSNET_HOME"] = home
        if java_opts:
            env["JAVA_TOOL_OPTIONS"] = java_opts
        return env

    def publish(self, tree, path):
        """Publishes `tree` as ossnet://<tracker>/<path>, with no origin URL; returns the collection's name."""
        collection = "ossnet://" + self.tracker.split("://", 1)[1].rstrip("/") + "/" + path
        log = os.path.join(self.work, f"publish-{path.replace('/', '-')}.log")
        with open(log, "wb") as out:
            p = subprocess.run([self.ossnet(), "publish", tree, "--collection", collection, "--tracker", self.tracker],
                               env=self.command_env(os.path.join(self.work, "publisher")), stdout=out,
                               stderr=subprocess.STDOUT, timeout=600)
        if p.returncode != 0:
            raise RuntimeError(f"ossnet publish failed ({p.returncode}); see {log}")
        return collection

    def ossnet(self):
        return os.path.join(self.root, "ossnet")

    def stop(self):
        self.proc.stop(grace=180)  # its first stop also writes the services' start-up caches


def start_seed(net, tree, collection, rd, home, rate=None, java_opts=None, timeout=120):
    """`ossnet seed` on `tree` (no HTTP: no web seed), started and announced; returns (Proc, status-file path)."""
    status = os.path.join(rd, "seed-status.json")
    cmd = [net.ossnet(), "seed", tree, "--collection", collection, "--tracker", net.tracker,
           "--listen", f"127.0.0.1:{free_port()}", "--no-http", "--status-interval", "1s", "--status-file", status]
    if rate:
        cmd += ["--upload-rate", str(rate)]
    seed = Proc("seed", cmd, os.path.join(rd, "seed.log"), env=net.command_env(home, java_opts))
    deadline = time.time() + timeout
    while True:
        log = open(os.path.join(rd, "seed.log"), errors="replace").read()
        if "seeding " in log and " swarm" in log and os.path.exists(status):
            break
        if seed.poll() or time.time() > deadline:
            seed.stop()
            raise RuntimeError("ossnet seed did not start seeding; see " + os.path.join(rd, "seed.log"))
        time.sleep(0.1)
    # A swarm published a moment ago may be refused until the tracker's next refresh of its announceable swarms
    # (500 ms); the seed announces it again after a second. Only a refusal that lasts is an error.
    refused_until = time.time() + 15
    while read_json(status).get("refused", 0):
        if seed.poll() or time.time() > refused_until:
            seed.stop()
            raise RuntimeError("the tracker refused the seed's swarm; see " + os.path.join(rd, "seed.log"))
        time.sleep(0.1)
    return seed, status


def start_get(net, name, d, rate=None, seed_time=None, java_opts=None):
    """`ossnet get NAME -o d` from its own home, bound to loopback (any free port); upload and seeding if a rate."""
    cmd = [net.ossnet(), "get", name, "-o", os.path.join(d, "out"), "--bind", "127.0.0.1",
           "--peer-report", os.path.join(d, "peer-report.json")]
    if rate:
        cmd += ["--upload-rate", str(rate)]
    if seed_time:
        cmd += ["--seed-time", seed_time]
    return Proc(os.path.basename(d), cmd, os.path.join(d, "log"), env=net.command_env(os.path.join(d, "home"),
                                                                                     java_opts))


def read_json(path):
    try:
        return json.load(open(path))
    except (OSError, ValueError):
        return {}


def sent_bytes(peer_report):
    """Piece bytes a `get` sent to peers, from its --peer-report (written when it exits or a signal stops it)."""
    return sum(p.get("sent", 0) for p in read_json(peer_report).get("peers", []))


def first_byte_seen(part):
    """Whether the part file (sparse until written) holds any block yet."""
    try:
        return os.stat(part).st_blocks > 8
    except OSError:
        return False
