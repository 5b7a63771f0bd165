package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.testsupport.local.LocalNetwork;
import org.ossnet.testsupport.local.ServiceKind;

/**
 * {@code ossnet get}, the real jar, fetches the demo collection's 24 MiB image through the real tracker from the seed
 * that announced itself there (the origin {@code ./ossnet local} starts, {@code ossnet seed}); the getter, upload
 * off, uploads nothing. On the shared network: it only reads the demo.
 */
@ExtendWith(SharedNetwork.class)
class GetIT {

    static final String IMAGE = "images/demo-24MiB.img";

    @TempDir
    Path work;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void getsAFileFromASeedFoundThroughTheTrackerAndUploadsNothing(LocalNetwork network) throws Exception {
        Path original = network.demoTree().resolve(IMAGE);
        OssnetName name = OssnetName.parse(network.demo() + "/" + IMAGE);
        URI tracker = network.url(ServiceKind.TRACKER);
        // The origin ./ossnet local starts is the real `ossnet seed`; the tracker counts it as the one seed, once any
        // seed an earlier test left without saying it stopped has expired.
        InfoHash image = SwarmProbe.infoHash(tracker, "demo/" + IMAGE);
        try {
            assertThat(SwarmProbe.awaitSeeds(
                            tracker, image, n -> n == 1, Duration.ofSeconds(60).plus(SharedNetwork.PEER_EXPIRY)))
                    .isEqualTo(1);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n--- origin log\n" + originLog(network), e);
        }
        Path downloads = Files.createDirectories(work.resolve("downloads"));
        Path initialised = work.resolve("class-init.log");
        Agent client = new Agent(
                Files.createDirectories(work.resolve("client")),
                Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+init=info:file=" + initialised));

        Agent.Result get =
                client.run("get", name.format(), "-o", downloads.toString(), "--bind", "127.0.0.1", "--timeout", "2m");

        assertThat(get.exitCode()).as(get.toString()).isZero();
        Path fetched = downloads.resolve("demo-24MiB.img");
        assertThat(sha256(fetched)).isEqualTo(sha256(original));
        assertThat(downloads).isDirectoryNotContaining("glob:**.ossnet-part");
        assertThat(get.out()).contains("uploaded 0 bytes");
        assertThat(Files.readString(initialised))
                .as("no data-binding mapper on get's path: the first costs a small get several per cent of its CPU")
                .contains("Initializing 'org/ossnet/agent/cli/GetCommand'")
                .doesNotContain("Initializing 'tools/jackson/databind/cfg/MapperBuilder'");
    }

    static String originLog(LocalNetwork network) {
        try {
            return Files.readString(network.workDirectory().resolve("logs/origin.log"));
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
