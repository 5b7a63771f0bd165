package org.ossnet.agent.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.torrent.ExternalProcess;

/**
 * Real HTTP clients fetch from the origin: aria2 over several ranged connections at once, and curl for one range. Runs
 * only in the {@code interop} profile, and fails rather than skips when a client is missing.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OriginServerInteropIT {

    private static final Path ARIA2C = Path.of("/usr/bin/aria2c");
    private static final Path CURL = Path.of("/usr/bin/curl");
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(90);
    private static final long SIZE = 20L * 1024 * 1024;

    @TempDir
    Path dir;

    private final List<String> log = OriginFixtures.newLog();
    private Path file;
    private HttpFileServer server;

    @BeforeAll
    static void requireClients() {
        ExternalProcess.requireExecutable(ARIA2C, "aria2");
        ExternalProcess.requireExecutable(CURL, "curl");
    }

    @BeforeEach
    void serve() throws Exception {
        Path root = Files.createDirectory(dir.resolve("root"));
        file = OriginFixtures.randomFile(root, "pool/big.bin", SIZE, 20);
        server = OriginFixtures.start(root, log);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aria2DownloadsOverFourRangedConnectionsAndTheHashMatches() throws Exception {
        Path out = Files.createDirectory(dir.resolve("aria2"));

        var result = ExternalProcess.run(
                CLIENT_TIMEOUT,
                dir,
                List.of(
                        ARIA2C.toString(),
                        "--no-conf=true",
                        "--split=4",
                        "--min-split-size=1M",
                        "--max-connection-per-server=4",
                        "--file-allocation=none",
                        "--allow-overwrite=true",
                        "--auto-save-interval=0",
                        "--summary-interval=0",
                        "--connect-timeout=10",
                        "--timeout=30",
                        "--max-tries=1",
                        "--dir=" + out,
                        "--out=big.bin",
                        server.baseUri().resolve("pool/big.bin").toString()));

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(OriginFixtures.sha256(out.resolve("big.bin"))).isEqualTo(OriginFixtures.sha256(file));
        // Four segments means ranged requests after the first; the log shows what aria2 actually asked for.
        assertThat(log.stream().filter(line -> line.contains("\" 206 ")))
                .as(String.join("\n", log))
                .hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void curlFetchesAMiddleRange() throws Exception {
        Path out = dir.resolve("curl.part");
        long first = 7_654_321;
        long last = first + 3 * 1024 * 1024 - 1;

        var result = ExternalProcess.run(
                CLIENT_TIMEOUT,
                dir,
                List.of(
                        CURL.toString(),
                        "--silent",
                        "--show-error",
                        "--fail",
                        "--max-time",
                        "60",
                        "--range",
                        first + "-" + last,
                        "--output",
                        out.toString(),
                        "--write-out",
                        "%{http_code}",
                        server.baseUri().resolve("pool/big.bin").toString()));

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).isEqualTo("206");
        byte[] expected = Arrays.copyOfRange(Files.readAllBytes(file), (int) first, (int) last + 1);
        assertThat(Files.readAllBytes(out)).isEqualTo(expected);
    }
}
