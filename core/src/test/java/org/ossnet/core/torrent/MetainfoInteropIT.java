package org.ossnet.core.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Checks that torrents built by OSSNET are read and verified by real BitTorrent clients: libtorrent (through its
 * Python binding) and aria2. Runs only in the {@code interop} profile, and fails rather than skips when a client is
 * missing.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MetainfoInteropIT {

    private static final Path ARIA2C = Path.of("/usr/bin/aria2c");
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(120);

    // A few MiB that do not end on a piece boundary, so the short last piece is exercised too.
    private static final long SIZE = 3 * 1024 * 1024 + 12_345;

    @TempDir
    Path dir;

    private Path data;
    private Path torrentFile;
    private Metainfo torrent;

    @BeforeAll
    static void requireClients() throws Exception {
        ExternalProcess.requireExecutable(ARIA2C, "aria2");
        ExternalProcess.requireExecutable(LibtorrentCheck.PYTHON, "python3");
        var probe = ExternalProcess.run(
                Duration.ofSeconds(30),
                Path.of("/tmp"),
                List.of(LibtorrentCheck.PYTHON.toString(), "-c", "import libtorrent"));
        if (probe.exitCode() != 0) {
            throw new AssertionError("libtorrent's Python binding is missing: install it with"
                    + " `apt-get install python3-libtorrent`\n" + probe.describe());
        }
    }

    @BeforeEach
    void buildTorrent() throws IOException {
        data = TorrentFixtures.randomFile(Files.createDirectory(dir.resolve("data")), "ossnet-interop.bin", SIZE, 42);
        // The tracker URL points at a loopback port nobody listens on, so no client reaches any network.
        torrent = TorrentBuilder.forFile(data)
                .announce("http://127.0.0.1:" + unusedLoopbackPort() + "/announce")
                .build();
        torrentFile = Files.write(dir.resolve("ossnet-interop.torrent"), torrent.toBytes());
        assertThat(SIZE % torrent.info().pieceLength()).isNotZero();
    }

    @Test
    void libtorrentReadsTheTorrentAndFindsTheFileComplete() throws Exception {
        JsonNode report = libtorrentCheck(data.getParent());

        assertThat(report.get("info_hash").asString())
                .isEqualTo(torrent.infoHash().toHex());
        assertThat(report.get("name").asString()).isEqualTo("ossnet-interop.bin");
        assertThat(report.get("total_size").asLong()).isEqualTo(SIZE);
        assertThat(report.get("num_pieces").asInt()).isEqualTo(torrent.info().pieceCount());
        assertThat(report.get("piece_length").asInt()).isEqualTo(torrent.info().pieceLength());
        assertThat(report.get("checked").asBoolean()).as("hash check finished").isTrue();
        assertThat(report.get("error").asString()).isEmpty();
        assertThat(report.get("pieces_verified").asInt())
                .isEqualTo(torrent.info().pieceCount());
        assertThat(report.get("is_seeding").asBoolean()).isTrue();
    }

    @Test
    void libtorrentRejectsTheOnePieceThatWasCorrupted() throws Exception {
        // The control for the test above: libtorrent's verdict must depend on our piece hashes.
        Path copy = Files.createDirectory(dir.resolve("corrupt"));
        Path corrupt = Files.copy(data, copy.resolve(data.getFileName()));
        try (var file = new RandomAccessFile(corrupt.toFile(), "rw")) {
            file.seek(SIZE - 1);
            int last = file.read();
            file.seek(SIZE - 1);
            file.write(last ^ 0xff);
        }

        JsonNode report = libtorrentCheck(copy);

        assertThat(report.get("checked").asBoolean()).isTrue();
        assertThat(report.get("pieces_verified").asInt())
                .isEqualTo(torrent.info().pieceCount() - 1);
        assertThat(report.get("is_seeding").asBoolean()).isFalse();
    }

    @Test
    void aria2ShowsTheSameInfoHash() throws Exception {
        var result = ExternalProcess.run(
                Duration.ofSeconds(30),
                dir,
                List.of(ARIA2C.toString(), "--no-conf=true", "-S", torrentFile.toString()));

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout())
                .as(result.describe())
                .containsIgnoringCase("Info Hash: " + torrent.infoHash().toHex());
    }

    @Test
    void aria2VerifiesTheExistingFileAndFinishes() throws Exception {
        var result = ExternalProcess.run(
                CLIENT_TIMEOUT,
                dir,
                List.of(
                        ARIA2C.toString(),
                        "--no-conf=true",
                        "--check-integrity=true",
                        "--bt-seed-unverified=false",
                        "--seed-time=0",
                        "--dir=" + data.getParent(),
                        "--bt-enable-lpd=false",
                        "--enable-dht=false",
                        "--enable-dht6=false",
                        "--enable-peer-exchange=false",
                        "--bt-stop-timeout=30",
                        "--bt-tracker-connect-timeout=5",
                        "--bt-tracker-timeout=5",
                        "--interface=127.0.0.1",
                        "--disable-ipv6=true",
                        "--listen-port=" + unusedLoopbackPort(),
                        "--summary-interval=0",
                        "--auto-save-interval=0",
                        "--save-session-interval=0",
                        torrentFile.toString()));

        assertThat(result.exitCode()).as(result.describe()).isZero();
        // aria2 hash-checks the existing file, then ends with a results table in which OK means complete.
        assertThat(result.stdout())
                .as(result.describe())
                .contains("Verification finished successfully")
                .containsPattern("\\|OK\\s*\\|");
        assertThat(Files.size(data)).isEqualTo(SIZE);
    }

    private JsonNode libtorrentCheck(Path savePath) throws Exception {
        return LibtorrentCheck.run(torrentFile, savePath, dir, CLIENT_TIMEOUT);
    }

    private static int unusedLoopbackPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
