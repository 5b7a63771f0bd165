package org.ossnet.agent.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.region.TestClock;
import org.ossnet.core.testing.Await;

/** An origin withholding the files of an embargoed snapshot: absent, to the byte, until the instant of its clock. */
class WithholdingTest {

    private static final Instant RELEASE = Instant.parse("2026-12-04T21:00:00Z");

    @TempDir
    Path root;

    private final TestClock clock = new TestClock(RELEASE.minusSeconds(60));
    private final List<String> log = OriginFixtures.newLog();
    private Withholding withholding;
    private HttpFileServer server;
    private Path file;

    @BeforeEach
    void serveATreeWithAnEmbargoedFile() throws IOException {
        file = OriginFixtures.randomFile(root, "pool/release.iso", 64 * 1024, 7);
        OriginFixtures.randomFile(root, "pool/public.iso", 1024, 8);
        withholding = Withholding.open(root, clock);
        withholding.withhold("pool/release.iso", RELEASE);
        server = HttpFileServer.start(
                root,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                OriginConfig.defaults().withAccessLog(log::add),
                withholding);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RawHttp.Response get(String target, String... headers) throws IOException {
        return RawHttp.exchange(server.port(), "GET", target, headers);
    }

    @Test
    void aWithheldFileIsAnsweredExactlyAsAMissingOneBeforeItsRelease() throws IOException {
        RawHttp.Response withheld = get("/pool/release.iso");
        RawHttp.Response missing = get("/pool/missing.iso");
        RawHttp.Response ranged = get("/pool/release.iso", "Range: bytes=0-9");
        RawHttp.Response head = RawHttp.exchange(server.port(), "HEAD", "/pool/release.iso");
        RawHttp.Response headMissing = RawHttp.exchange(server.port(), "HEAD", "/pool/missing.iso");

        assertThat(withheld.status()).isEqualTo(404);
        assertThat(withheld.headers()).isEqualTo(missing.headers());
        assertThat(withheld.body()).isEqualTo(missing.body());
        assertThat(ranged.headers()).isEqualTo(missing.headers());
        assertThat(head.headers()).isEqualTo(headMissing.headers());
        assertThat(get("/pool/public.iso").status()).isEqualTo(200);
    }

    @Test
    void aWithheldFileIsServedFromItsReleaseInstantOn() throws IOException {
        clock.advance(Duration.ofSeconds(60).minusMillis(1));
        assertThat(get("/pool/release.iso").status()).as("a millisecond before").isEqualTo(404);

        clock.advance(Duration.ofMillis(1));
        RawHttp.Response released = get("/pool/release.iso");

        assertThat(released.status()).isEqualTo(200);
        assertThat(OriginFixtures.sha256(released.body())).isEqualTo(OriginFixtures.sha256(file));
    }

    @Test
    void aLinkToAWithheldFileIsWithheldToo() throws IOException {
        Files.createSymbolicLink(root.resolve("latest.iso"), root.resolve("pool/release.iso"));

        assertThat(get("/latest.iso").status()).isEqualTo(404);

        clock.advance(Duration.ofMinutes(1));
        assertThat(get("/latest.iso").status()).isEqualTo(200);
    }

    @Test
    void aWithheldLinkWithholdsTheFileItLeadsTo() throws IOException {
        Files.createSymbolicLink(root.resolve("current.iso"), root.resolve("pool/public.iso"));
        withholding.withhold("current.iso", RELEASE);

        assertThat(get("/current.iso").status()).isEqualTo(404);
        assertThat(get("/pool/public.iso").status()).isEqualTo(404);
    }

    @Test
    void aSealedTreeServesNothingUntilUnsealed() throws IOException {
        server.close();
        Withholding sealed = Withholding.sealed(root, clock);
        server = HttpFileServer.start(
                root,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                OriginConfig.defaults().quiet(),
                sealed);
        sealed.withhold("pool/release.iso", RELEASE);

        assertThat(get("/pool/public.iso").status()).isEqualTo(404);

        sealed.unseal();
        assertThat(get("/pool/public.iso").status()).isEqualTo(200);
        assertThat(get("/pool/release.iso").status()).isEqualTo(404);
    }

    @Test
    void aReleasedPathIsServedAtOnce() throws IOException {
        withholding.release("pool/release.iso");

        assertThat(get("/pool/release.iso").status()).isEqualTo(200);
    }

    @Test
    void theLaterSnapshotsInstantReplacesTheEarlierOne() throws IOException {
        withholding.withhold("pool/release.iso", RELEASE.plusSeconds(3600));
        clock.advance(Duration.ofMinutes(2));

        assertThat(get("/pool/release.iso").status()).isEqualTo(404);
    }

    @Test
    void theAccessLogShowsAWithheldFileAsMissing() throws Exception {
        get("/pool/release.iso");
        // The line is written after the response, so it may trail it a little.
        Await.until(() -> !log.isEmpty(), Duration.ofSeconds(5));

        assertThat(log).singleElement().asString().contains("404");
    }
}
