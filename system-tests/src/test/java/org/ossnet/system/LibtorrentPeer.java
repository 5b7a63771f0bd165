package org.ossnet.system;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.ossnet.core.torrent.ExternalProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real libtorrent peer (Debian's python3-libtorrent driving {@code interop/libtorrent_peer.py}) for interop tests: a
 * seeder or a downloader on loopback, plain TCP only, that finds its peers through the torrent's tracker. The script
 * prints a JSON status line twice a second: state, payload bytes each way, the peers, and the BEP 10 extended
 * handshakes it received.
 */
final class LibtorrentPeer implements AutoCloseable {

    /** Debian's interpreter: a pyenv {@code python3} earlier on the PATH lacks the binding. */
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ClientProcess process;
    private final Path stopFile;

    private LibtorrentPeer(ClientProcess process, Path stopFile) {
        this.process = process;
        this.stopFile = stopFile;
    }

    /** Seeds {@code torrent} from the complete file in {@code dataDir} until {@link #stop}, at most {@code limit}. */
    static LibtorrentPeer seed(String name, Path workDir, Path dataDir, Path torrent, Duration limit)
            throws IOException {
        return start(name, workDir, "seed", torrent.toString(), dataDir, limit);
    }

    /** Downloads {@code source}, a {@code .torrent} file or a magnet link, into {@code into}; at most {@code limit}. */
    static LibtorrentPeer download(String name, Path workDir, Path into, String source, Duration limit)
            throws IOException {
        return start(name, workDir, "download", source, into, limit);
    }

    private static LibtorrentPeer start(String name, Path workDir, String mode, String source, Path dir, Duration limit)
            throws IOException {
        ExternalProcess.requireExecutable(PYTHON, "python3-libtorrent");
        Path stopFile = workDir.resolve(name + ".stop");
        ClientProcess process = ClientProcess.start(
                name,
                workDir,
                List.of(
                        PYTHON.toString(),
                        script().toString(),
                        mode,
                        source,
                        dir.toString(),
                        stopFile.toString(),
                        Long.toString(limit.toSeconds())));
        return new LibtorrentPeer(process, stopFile);
    }

    /** The latest status line, or an empty object before the first. */
    JsonNode status() {
        return process.output()
                .lines()
                .filter(line -> line.startsWith("{") && line.endsWith("}"))
                .reduce((first, second) -> second)
                .map(JSON::readTree)
                .orElseGet(JSON::createObjectNode);
    }

    /** Waits, at most {@code timeout}, until the peer has the whole file and seeds it. */
    void awaitSeeding(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!status().path("is_seeding").asBoolean(false)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("libtorrent is not seeding\n" + describe());
            }
            Thread.sleep(200);
        }
    }

    /**
     * Waits for the script to end (a seeder is asked to stop first) and returns its final status, whose {@code
     * succeeded} says whether the file was complete (a downloader) or seeded until asked to stop (a seeder).
     *
     * @throws AssertionError with the output if it does not end within {@code timeout} or ends without one
     */
    JsonNode finish(Duration timeout) throws IOException, InterruptedException {
        if (Files.notExists(stopFile)) {
            Files.createFile(stopFile);
        }
        process.awaitExit(timeout);
        JsonNode last = status();
        if (!last.path("final").asBoolean(false)) {
            throw new AssertionError("libtorrent ended without a final status\n" + describe());
        }
        return last;
    }

    /** The script's output without its earlier status lines: whatever else it printed, then its latest status. */
    String describe() {
        String other =
                process.output().lines().filter(line -> !line.startsWith("{")).collect(Collectors.joining("\n"));
        return process.header() + "\n" + other + "\n" + status().toPrettyString();
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }

    private static Path script() {
        try {
            return Path.of(LibtorrentPeer.class
                    .getResource("/interop/libtorrent_peer.py")
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
