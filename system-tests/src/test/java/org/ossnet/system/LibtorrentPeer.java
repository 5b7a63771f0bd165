package org.ossnet.system;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.ossnet.core.testing.Await;
import org.ossnet.core.torrent.ExternalProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real libtorrent peer (Debian's python3-libtorrent driving {@code interop/libtorrent_peer.py}) for interop tests: a
 * seeder or a downloader on loopback, plain TCP only, that finds its peers through the torrent's tracker. The script
 * prints a JSON status line twice a second: state, payload bytes each way, the peers, and the BEP 10 extended
 * handshakes it received. Its verdict, the final status, is a file it writes before anything that can crash (the
 * binding's teardown, which it skips): {@link #finish} reads that file, so a crash afterwards is reported, never
 * mistaken for a failure.
 */
final class LibtorrentPeer implements AutoCloseable {

    /** Debian's interpreter: a pyenv {@code python3} earlier on the PATH lacks the binding. */
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** How long the script may take to exit once its verdict is written: it exits without teardown. */
    private static final Duration EXIT_AFTER_VERDICT = Duration.ofSeconds(30);

    private final ClientProcess process;
    private final Path stopFile;
    private final Path verdictFile;
    private String afterVerdict = "";

    private LibtorrentPeer(ClientProcess process, Path stopFile, Path verdictFile) {
        this.process = process;
        this.stopFile = stopFile;
        this.verdictFile = verdictFile;
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
        Path verdictFile = workDir.resolve(name + ".verdict.json");
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
                        Long.toString(limit.toSeconds()),
                        verdictFile.toString()));
        return new LibtorrentPeer(process, stopFile, verdictFile);
    }

    /**
     * The latest whole status line, or an empty object before the first. A line is whole once its newline is written:
     * a long line reaches the log in more than one write, and its first part may end in a brace.
     */
    JsonNode status() {
        String output = process.output();
        return output.substring(0, output.lastIndexOf('\n') + 1)
                .lines()
                .filter(line -> line.startsWith("{") && line.endsWith("}"))
                .reduce((first, second) -> second)
                .map(JSON::readTree)
                .orElseGet(JSON::createObjectNode);
    }

    /** Waits, at most {@code timeout}, until the peer has the whole file and seeds it; fails with both sides' output. */
    void awaitSeeding(Duration timeout, Supplier<String> ossnetSide) throws InterruptedException {
        Await.until(
                () -> !process.isAlive() || status().path("is_seeding").asBoolean(false),
                timeout,
                () -> "libtorrent is not seeding within " + timeout + "\n" + describe() + "\n" + ossnetSide.get());
        if (!status().path("is_seeding").asBoolean(false)) {
            throw new AssertionError("libtorrent ended before seeding\n" + describe() + "\n" + ossnetSide.get());
        }
    }

    /**
     * Returns the script's verdict, its final status, once written (a seeder is asked to stop first); {@code succeeded}
     * says whether the file was complete (a downloader) or seeded until asked to stop (a seeder). A crash after the
     * verdict, in the binding's teardown, does not change it: {@link #describe} mentions it.
     *
     * @throws AssertionError with both sides' output if the script wrote no verdict within {@code timeout}
     */
    JsonNode finish(Duration timeout, Supplier<String> ossnetSide) throws IOException, InterruptedException {
        if (Files.notExists(stopFile)) {
            Files.createFile(stopFile);
        }
        // The script renames its verdict into place before it exits: once it is gone, a missing file stays missing.
        Await.until(
                () -> Files.exists(verdictFile) || !process.isAlive(),
                timeout,
                () -> "libtorrent wrote no verdict within " + timeout + "\n" + describe() + "\n" + ossnetSide.get());
        if (Files.notExists(verdictFile)) {
            throw new AssertionError("libtorrent ended without a verdict\n" + describe() + "\n" + ossnetSide.get());
        }
        JsonNode verdict = JSON.readTree(Files.readString(verdictFile));
        if (!process.waitFor(EXIT_AFTER_VERDICT)) {
            process.close();
            afterVerdict = "it did not exit within " + EXIT_AFTER_VERDICT + " of its verdict and was killed";
        } else if (process.endedBySignal()
                || process.exitValue() != (verdict.path("succeeded").asBoolean() ? 0 : 3)) {
            afterVerdict = "after writing its verdict it ended with " + process.state()
                    + " (ignored: the verdict was written first)";
        }
        if (!afterVerdict.isEmpty()) {
            System.err.println(process.name() + ": " + afterVerdict + "\n" + describe());
        }
        return verdict;
    }

    /** A download {@link #downloadToVerdict} finished: the peer (closed by then), its verdict, where it wrote. */
    record Download(LibtorrentPeer peer, JsonNode verdict, Path into) {}

    /**
     * Downloads {@code source} into {@code workDir/name} and returns the verdict ({@link #finish}). Debian's Python
     * binding has crashed (SIGSEGV, no Python stack) within a second of starting, in two tests, the OSSNET side having
     * sent what it was asked: such a crash before any verdict is the tool's, so it is printed and the download tried
     * once more, into {@code workDir/name-2}, as a new peer; a second crash, or any other failure, fails.
     */
    static Download downloadToVerdict(
            String name, Path workDir, String source, Duration limit, Supplier<String> otherSide)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            String attempted = attempt == 1 ? name : name + "-" + attempt;
            Path into = Files.createDirectories(workDir.resolve(attempted));
            try (LibtorrentPeer peer = download(attempted, workDir, into, source, limit)) {
                try {
                    return new Download(peer, peer.finish(limit.plusMinutes(1), otherSide), into);
                } catch (AssertionError noVerdict) {
                    if (attempt == 2 || !peer.crashedWithoutVerdict()) {
                        throw noVerdict;
                    }
                    System.err.println(
                            "libtorrent crashed before its verdict; trying once more:\n" + noVerdict.getMessage());
                }
            }
        }
    }

    /** Whether the script ended by a signal (a crash of the binding) before it wrote its verdict. */
    boolean crashedWithoutVerdict() {
        return !process.isAlive() && process.endedBySignal() && Files.notExists(verdictFile);
    }

    /**
     * The script's output without its status lines (what else it printed: a Python stack if it crashed), then its
     * verdict or else its latest status, and what happened after the verdict.
     */
    String describe() {
        String other =
                process.output().lines().filter(line -> !line.startsWith("{")).collect(Collectors.joining("\n"));
        JsonNode last = status();
        String which = "latest status";
        if (Files.exists(verdictFile)) {
            try {
                last = JSON.readTree(Files.readString(verdictFile));
                which = "verdict";
            } catch (IOException | RuntimeException e) {
                which = "latest status (the verdict file is unreadable: " + e + ")";
            }
        }
        return process.header() + "\n" + other + "\n--- its " + which + "\n" + last.toPrettyString()
                + (afterVerdict.isEmpty() ? "" : "\n--- note: " + afterVerdict);
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
