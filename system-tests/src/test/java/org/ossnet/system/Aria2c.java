package org.ossnet.system;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ossnet.core.torrent.ExternalProcess;

/**
 * A real {@code aria2c} in a swarm, for interop tests: a seeder or a downloader on loopback that finds its peers only
 * through the torrent's tracker (no DHT, local discovery or peer exchange). Its log, at {@code info} level so that
 * every peer message it receives is listed, is the process's output.
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
        return start(
                name,
                workDir,
                into,
                "--seed-time=0",
                "--bt-stop-timeout=60",
                "--bt-save-metadata=false",
                "--bt-metadata-only=false",
                source);
    }

    private static Aria2c start(String name, Path workDir, Path dir, String... more) throws IOException {
        ExternalProcess.requireExecutable(EXECUTABLE, "aria2");
        List<String> command = new ArrayList<>(List.of(
                EXECUTABLE.toString(),
                "--no-conf=true",
                "--dir=" + dir,
                "--interface=127.0.0.1",
                "--disable-ipv6=true",
                "--listen-port=" + freePort(),
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

    int awaitExit(Duration timeout) throws InterruptedException {
        return process.awaitExit(timeout);
    }

    String output() {
        return process.output();
    }

    String describe() {
        return process.describe();
    }

    /** The lines where aria2c logged a BEP 10 extended handshake received from a peer. */
    List<String> extendedHandshakes() {
        return received("extended handshake");
    }

    /** The lines where aria2c logged a received peer message whose description contains {@code text}. */
    List<String> received(String text) {
        return output().lines()
                .filter(line -> line.contains(" - From: ") && line.contains(text))
                .toList();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
