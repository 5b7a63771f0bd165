package org.ossnet.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.ossnet.core.testing.Await;
import org.ossnet.core.torrent.ExternalProcess;

/**
 * A real {@code aria2c} in a swarm, for interop tests: a seeder or a downloader on loopback that finds its peers only
 * through the torrent's tracker (no DHT, local discovery or peer exchange). Its log, at {@code info} level so that
 * every peer message it receives is listed, is the process's output. Tests assert on a {@link Verdict}, its log and
 * exit taken once it has exited or has read its peers' connections to their end, and before it is killed.
 */
final class Aria2c implements AutoCloseable {

    static final Path EXECUTABLE = Path.of("/usr/bin/aria2c");

    private final ClientProcess process;

    private Aria2c(ClientProcess process) {
        this.process = process;
    }

    /** Seeds {@code torrent} from the complete file in {@code dataDir} until closed, after checking every piece. */
    static Aria2c seed(String name, Path workDir, Path dataDir, Path torrent) throws IOException {
        return start(
                name,
                workDir,
                dataDir,
                "--seed-ratio=0.0",
                "--check-integrity=true",
                "--bt-seed-unverified=false",
                torrent.toString());
    }

    /**
     * Downloads {@code source}, a {@code .torrent} file or a magnet link, into {@code into} and exits; gives up when
     * nothing arrives for a minute.
     */
    static Aria2c download(String name, Path workDir, Path into, String source) throws IOException {
        return download(name, workDir, into, source, 60);
    }

    /**
     * Tries to download {@code source} as {@link #download} does, but gives up after ten seconds without a byte: a
     * probe of a swarm that must give nothing away.
     */
    static Aria2c probe(String name, Path workDir, Path into, String source) throws IOException {
        return download(name, workDir, into, source, 10);
    }

    private static Aria2c download(String name, Path workDir, Path into, String source, int stopAfterSeconds)
            throws IOException {
        return start(
                name,
                workDir,
                into,
                "--seed-time=0",
                "--bt-stop-timeout=" + stopAfterSeconds,
                "--bt-save-metadata=false",
                "--bt-metadata-only=false",
                source);
    }

    /**
     * Downloads the file {@code metalink} describes into {@code into} from its HTTP sources and exits, after checking
     * it against the Metalink's SHA-256 (a mismatch fails the download with exit code 32). Torrents found on the way
     * are not followed, but aria2c 1.36 still follows a Metalink's torrent {@code metaurl}: a caller that wants HTTP
     * sources alone gives it a Metalink without one. A source that refuses connections, or answers nothing within
     * seconds, is given up for the others.
     */
    static Aria2c downloadFromMetalink(String name, Path workDir, Path into, Path metalink) throws IOException {
        return start(
                name,
                workDir,
                into,
                "--follow-torrent=false",
                "--seed-time=0",
                "--metalink-preferred-protocol=http",
                "--check-integrity=true",
                "--connect-timeout=5",
                "--timeout=10",
                "--max-tries=3",
                "--retry-wait=1",
                "--metalink-file=" + metalink);
    }

    private static Aria2c start(String name, Path workDir, Path dir, String... more) throws IOException {
        ExternalProcess.requireExecutable(EXECUTABLE, "aria2");
        List<String> command = new ArrayList<>(List.of(
                EXECUTABLE.toString(),
                "--no-conf=true",
                "--dir=" + dir,
                "--interface=127.0.0.1",
                "--disable-ipv6=true",
                "--listen-port=" + listenPorts(),
                "--enable-dht=false",
                "--enable-dht6=false",
                "--bt-enable-lpd=false",
                "--enable-peer-exchange=false",
                "--file-allocation=none",
                "--auto-save-interval=0",
                "--summary-interval=0",
                "--console-log-level=notice",
                "--log=-",
                "--log-level=info"));
        command.addAll(List.of(more));
        return new Aria2c(ClientProcess.start(name, workDir, command));
    }

    /**
     * What aria2c left behind, taken before anything could kill it.
     *
     * @param header its name, PID and state (its exit code, or running) when taken
     * @param exitCode its exit code, or empty if it was still running
     * @param log its whole log then
     */
    record Verdict(String header, OptionalInt exitCode, String log) {

        /** The lines where aria2c logged a BEP 10 extended handshake received from a peer. */
        List<String> extendedHandshakes() {
            return received("extended handshake");
        }

        /** The lines where aria2c logged a received peer message whose description contains {@code text}. */
        List<String> received(String text) {
            return log.lines()
                    .filter(line -> line.contains(" - From: ") && line.contains(text))
                    .toList();
        }

        String describe() {
            return header + "\n" + log;
        }
    }

    /**
     * Waits for a downloader to exit, at most {@code timeout}, and returns its verdict.
     *
     * @throws AssertionError with both sides' output if it does not exit in time
     */
    Verdict awaitExit(Duration timeout, Supplier<String> ossnetSide) throws InterruptedException {
        int exit = process.awaitExit(timeout, ossnetSide);
        return new Verdict(process.header(), OptionalInt.of(exit), process.output());
    }

    /**
     * Waits, at most {@code timeout}, until aria2c holds no connection but to the tracker at {@code trackerPort}: it
     * has read every peer's connection to its end, so its log lists every message they sent. Returns its verdict then.
     * For a seeder whose peers have all exited; the swarm must have no other peer.
     *
     * @throws AssertionError with both sides' output if connections stay open
     */
    Verdict awaitPeersGone(int trackerPort, Duration timeout, Supplier<String> ossnetSide) throws InterruptedException {
        Await.until(
                () -> peerPorts(trackerPort).isEmpty(),
                timeout,
                () -> process.name() + " still has peer connections (remote ports " + peerPorts(trackerPort)
                        + ") " + timeout + " after they should have ended\n" + process.describe() + "\n"
                        + ossnetSide.get());
        return new Verdict(process.header(), OptionalInt.empty(), process.output());
    }

    private Set<Integer> peerPorts(int trackerPort) {
        try {
            Set<Integer> ports = new TreeSet<>(TcpConnections.openRemotePorts(process.pid()));
            ports.remove(trackerPort);
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its log and state so far, for a failure before it has a verdict. */
    String describe() {
        return process.describe();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }

    /**
     * A hundred listen ports for aria2c to pick from, below the kernel's ephemeral range: a free port chosen here and
     * closed again could be taken by another process's connection before aria2c binds it; aria2c tries each port of a
     * range until one binds.
     */
    static String listenPorts() {
        int first = 20_000 + ThreadLocalRandom.current().nextInt(100) * 100;
        return first + "-" + (first + 99);
    }
}
