package org.ossnet.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.origin.HttpFileServer;
import org.ossnet.agent.origin.OriginConfig;
import org.ossnet.agent.swarm.SwarmFixtures.Agent;
import org.ossnet.core.testing.Await;

/** BEP 19 web seeds as sources of a session, alone and beside peers, honest and not. */
@Timeout(60)
class SwarmWebSeedTest {

    @TempDir
    Path dir;

    @Test
    void aSessionWithNoPeersDownloadsTheWholeFileFromTheOriginAsAWebSeed() throws Exception {
        var fixture = SwarmFixtures.random(21, 3 * 1024 * 1024 + 1234);
        List<String> log = new CopyOnWriteArrayList<>();
        try (HttpFileServer origin = origin(fixture, log);
                Agent leecher = fixture.leecher(dir.resolve("web.bin"), SwarmFixtures.config())) {
            // The URL ends in a slash, so BEP 19 appends the torrent's name, file.bin; the others are skipped.
            assertThat(leecher.session()
                            .addWebSeeds(List.of(
                                    "ftp://127.0.0.1/file.bin",
                                    "no url",
                                    origin.baseUri().toString())))
                    .isEqualTo(1);
            assertThat(leecher.session().addWebSeed(origin.baseUri().resolve("file.bin")))
                    .isFalse();
            assertThat(leecher.session().progress().webSeeds()).isEqualTo(1);

            Path file = leecher.session().completion().get(30, TimeUnit.SECONDS);

            assertThat(SwarmFixtures.sha256(file)).isEqualTo(fixture.sha256());
            assertThat(leecher.session().progress().downloadedBytes())
                    .isEqualTo(fixture.info().length());
            assertThat(log).isNotEmpty().allSatisfy(line -> assertThat(line).contains("/file.bin"));
        }
    }

    @Test
    void aWebSeedAndAPeerTogetherFetchDifferentPiecesOfOneFile() throws Exception {
        var fixture = SwarmFixtures.random(22, 8 * 1024 * 1024);
        try (var web = TestWebServer.slow(fixture.data(), 100);
                Agent seed = fixture.seed(dir, SwarmFixtures.uploading().withUploadRate(2L * 1024 * 1024));
                Agent leecher = fixture.leecher(dir.resolve("both.bin"), SwarmFixtures.config())) {
            leecher.session().addWebSeed(web.uri());
            leecher.session().addPeer(seed.address());

            Path file = leecher.session().completion().get(45, TimeUnit.SECONDS);

            assertThat(SwarmFixtures.sha256(file)).isEqualTo(fixture.sha256());
            long fromPeer = leecher.session().bytesReceivedFrom(seed.peerId());
            long total = leecher.session().progress().downloadedBytes();
            assertThat(fromPeer).isPositive();
            assertThat(total - fromPeer).as("bytes from the web seed").isPositive();
            // Both take from one picker, so only end game may fetch a block twice.
            assertThat(total).isLessThan(fixture.info().length() + 2L * 1024 * 1024);
            // Counted by verified piece, each byte once: an end-game duplicate counts for neither.
            BytesBySource by = leecher.session().bytesBySource();
            assertThat(by.peers()).isPositive();
            assertThat(by.mirrors()).isPositive();
            assertThat(by.origin()).isZero();
            assertThat(by.total()).isEqualTo(fixture.info().length());
        }
    }

    @Test
    void countsTheBytesOfTheOriginApartFromTheMirrors() throws Exception {
        var fixture = SwarmFixtures.random(26, 2 * 1024 * 1024);
        try (HttpFileServer origin = origin(fixture, new CopyOnWriteArrayList<>());
                Agent leecher = fixture.leecher(dir.resolve("origin.bin"), SwarmFixtures.config())) {
            String url = origin.baseUri().resolve("file.bin").toString();
            leecher.session().addWebSeeds(List.of(url), url);

            leecher.session().completion().get(30, TimeUnit.SECONDS);

            assertThat(leecher.session().bytesBySource())
                    .isEqualTo(new BytesBySource(0, 0, fixture.info().length()));
        }
    }

    @Test
    void countsTheBytesOfAPeerThatSaysItIsTheOriginAsTheOrigins() throws Exception {
        var fixture = SwarmFixtures.random(28, 2 * 1024 * 1024);
        try (Agent seed = fixture.seed(dir, SwarmFixtures.uploading().withOrigin());
                Agent leecher = fixture.leecher(dir.resolve("from-origin.bin"), SwarmFixtures.config())) {
            leecher.session().addPeer(seed.address());

            leecher.session().completion().get(30, TimeUnit.SECONDS);

            assertThat(leecher.session().bytesBySource())
                    .as("the origin's ossnet seed, over BitTorrent")
                    .isEqualTo(new BytesBySource(0, 0, fixture.info().length()));
        }
    }

    @Test
    void anOriginHeldBackAsAFallbackServesNothingWhilePeersDeliver() throws Exception {
        var fixture = SwarmFixtures.random(27, 6 * 1024 * 1024);
        List<String> log = new CopyOnWriteArrayList<>();
        try (HttpFileServer origin = origin(fixture, log);
                Agent seed = fixture.seed(dir, SwarmFixtures.uploading().withUploadRate(3L * 1024 * 1024));
                Agent leecher = fixture.leecher(
                        dir.resolve("held.bin"), SwarmFixtures.config().withOriginFallback(Duration.ofSeconds(3)))) {
            String url = origin.baseUri().resolve("file.bin").toString();
            leecher.session().addWebSeeds(List.of(url), url);
            leecher.session().addPeer(seed.address());

            Path file = leecher.session().completion().get(30, TimeUnit.SECONDS);

            assertThat(SwarmFixtures.sha256(file)).isEqualTo(fixture.sha256());
            assertThat(leecher.session().bytesBySource())
                    .isEqualTo(new BytesBySource(fixture.info().length(), 0, 0));
            assertThat(log).as("requests the origin served").isEmpty();
        }
    }

    @Test
    void aSessionTheOriginIsHeldBackForByGetsNothingFromItWhilePeersDeliver() throws Exception {
        var fixture = SwarmFixtures.random(29, 6 * 1024 * 1024);
        List<String> log = new CopyOnWriteArrayList<>();
        try (HttpFileServer origin = origin(fixture, log);
                Agent seed = fixture.seed(dir, SwarmFixtures.uploading().withUploadRate(3L * 1024 * 1024));
                Agent leecher = fixture.leecher(dir.resolve("get.bin"), SwarmFixtures.config())) {
            // What ossnet get does once the tracker names seeds besides the origin; its configuration holds nothing.
            leecher.session().holdOriginBack(Duration.ofSeconds(3));
            String url = origin.baseUri().resolve("file.bin").toString();
            leecher.session().addWebSeeds(List.of(url), url);
            leecher.session().addPeer(seed.address());

            Path file = leecher.session().completion().get(30, TimeUnit.SECONDS);

            assertThat(SwarmFixtures.sha256(file)).isEqualTo(fixture.sha256());
            assertThat(leecher.session().bytesBySource())
                    .isEqualTo(new BytesBySource(fixture.info().length(), 0, 0));
            assertThat(log).as("requests the origin served").isEmpty();
        }
    }

    @Test
    void anOriginHeldBackAsAFallbackTakesOverWhenThePeersStall() throws Exception {
        var fixture = SwarmFixtures.random(28, 8 * 1024 * 1024);
        List<String> log = new CopyOnWriteArrayList<>();
        try (HttpFileServer origin = origin(fixture, log);
                Agent leecher = fixture.leecher(
                        dir.resolve("stalled.bin"), SwarmFixtures.config().withOriginFallback(Duration.ofSeconds(2)))) {
            String url = origin.baseUri().resolve("file.bin").toString();
            leecher.session().addWebSeeds(List.of(url), url);
            try (Agent seed = fixture.seed(dir, SwarmFixtures.uploading().withUploadRate(1024 * 1024))) {
                leecher.session().addPeer(seed.address());
                Await.until(
                        () -> leecher.session().progress().verifiedBytes() >= 1024 * 1024,
                        Duration.ofSeconds(20),
                        () -> "no first megabyte from the peer: "
                                + leecher.session().progress());
                assertThat(log)
                        .as("requests the origin served while the peer delivered")
                        .isEmpty();
            }

            Path file = leecher.session().completion().get(30, TimeUnit.SECONDS);

            assertThat(SwarmFixtures.sha256(file)).isEqualTo(fixture.sha256());
            BytesBySource by = leecher.session().bytesBySource();
            assertThat(by.peers()).isPositive();
            assertThat(by.origin()).isPositive();
            assertThat(by.total()).isEqualTo(fixture.info().length());
        }
    }

    @Test
    void aWebSeedThatSendsACorruptPieceIsDroppedAsABanAndTheFileVerifiesFromAGoodSource() throws Exception {
        var fixture = SwarmFixtures.random(23, 2 * 1024 * 1024);
        try (var bad = TestWebServer.corrupting(fixture.data());
                HttpFileServer origin = origin(fixture, new CopyOnWriteArrayList<>());
                Agent leecher = fixture.leecher(dir.resolve("victim.bin"), SwarmFixtures.config())) {
            leecher.session().addWebSeed(bad.uri());
            Await.until(() -> !leecher.session().droppedWebSeeds().isEmpty(), Duration.ofSeconds(20));

            assertThat(leecher.session().droppedWebSeeds().get(bad.uri())).contains("failed its SHA-1");
            assertThat(leecher.session().progress().bannedPeers()).isEqualTo(1);
            // Pieces of the response before the flipped byte hash correctly and are kept; the bad one is not.
            assertThat(leecher.session().progress().verifiedBytes())
                    .isLessThan(fixture.info().length());
            assertThat(leecher.session().addWebSeed(bad.uri())).isFalse();

            leecher.session().addWebSeed(origin.baseUri());

            assertThat(SwarmFixtures.sha256(leecher.session().completion().get(30, TimeUnit.SECONDS)))
                    .isEqualTo(fixture.sha256());
            assertThat(leecher.session().progress().webSeeds()).isEqualTo(1);
            assertThat(bad.requests()).isEqualTo(1);
            // The bad piece's bytes never count: each piece of the file counts once, from whoever sent it intact.
            assertThat(leecher.session().bytesBySource().total())
                    .isEqualTo(fixture.info().length());
        }
    }

    @Test
    void aWebSeedAnswering503IsRetriedAfterABackOffAndThenServesTheFile() throws Exception {
        var fixture = SwarmFixtures.random(24, 1024 * 1024);
        var config = SwarmFixtures.config().withWebSeeds(1, Duration.ofSeconds(10), Duration.ofMillis(50));
        try (var busy = TestWebServer.unavailableFor(fixture.data(), 3);
                Agent leecher = fixture.leecher(dir.resolve("busy.bin"), config)) {
            leecher.session().addWebSeed(busy.uri());

            assertThat(SwarmFixtures.sha256(leecher.session().completion().get(30, TimeUnit.SECONDS)))
                    .isEqualTo(fixture.sha256());
            assertThat(busy.requests()).isGreaterThan(3);
            assertThat(leecher.session().droppedWebSeeds()).isEmpty();
            assertThat(leecher.session().progress().bannedPeers()).isZero();
        }
    }

    @Test
    void aWebSeedWithoutTheFileIsDroppedButNotBanned() throws Exception {
        var fixture = SwarmFixtures.random(25, 256 * 1024);
        try (HttpFileServer origin = origin(fixture, new CopyOnWriteArrayList<>());
                Agent leecher = fixture.leecher(dir.resolve("missing.bin"), SwarmFixtures.config())) {
            URI missing = origin.baseUri().resolve("no-such-file.bin");
            leecher.session().addWebSeed(missing);

            Await.until(() -> !leecher.session().droppedWebSeeds().isEmpty(), Duration.ofSeconds(20));

            assertThat(leecher.session().droppedWebSeeds()).containsEntry(missing, "HTTP 404");
            assertThat(leecher.session().progress().bannedPeers()).isZero();
            assertThat(leecher.session().progress().webSeeds()).isZero();
        }
    }

    private HttpFileServer origin(SwarmFixtures fixture, List<String> log) throws Exception {
        Path root = Files.createDirectories(dir.resolve("origin"));
        Files.write(root.resolve("file.bin"), fixture.data());
        return HttpFileServer.start(
                root,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                OriginConfig.defaults().withAccessLog(log::add));
    }
}
