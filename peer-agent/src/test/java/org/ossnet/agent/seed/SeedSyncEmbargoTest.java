package org.ossnet.agent.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.origin.HttpFileServer;
import org.ossnet.agent.origin.OriginConfig;
import org.ossnet.agent.origin.Withholding;
import org.ossnet.agent.region.TestClock;
import org.ossnet.agent.resolve.NameResolver;
import org.ossnet.agent.scan.HashCache;
import org.ossnet.agent.scan.TreeFixtures;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.agent.tls.TlsFixtures;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.tracker.TrackerFixture;
import org.ossnet.agent.trust.LastSeenVersions;
import org.ossnet.agent.trust.SnapshotVerifier;
import org.ossnet.agent.trust.TrustStore;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.testing.Await;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;
import org.ossnet.core.torrent.TorrentBuilder;

/**
 * {@code ossnet seed} as the origin of an embargoed release: the files new in an embargoed snapshot are seeded
 * privately and withheld from HTTP until its instant, the files of the public version stay public, and the origin
 * serves nothing before the first snapshot was read.
 */
@Timeout(60)
class SeedSyncEmbargoTest {

    @TempDir
    Path tree;

    @TempDir
    Path home;

    private final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final Instant release = clock.instant().plusSeconds(600);
    private final TlsFixtures credentials = new TlsFixtures();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private TrackerFixture tracker;
    private AnnounceRecorder privateTracker;
    private Seeder seeder;
    private HttpFileServer server;
    private SeedSync sync;
    private SnapshotFile old;
    private SnapshotFile fresh;

    @BeforeEach
    void startAnOriginOverATree() throws Exception {
        tracker = TrackerFixture.start();
        privateTracker = AnnounceRecorder.start();
        TreeFixtures.write(tree, "pool/old.iso", "the public release");
        TreeFixtures.write(tree, "pool/new.iso", "the embargoed release");
        old = TreeFixtures.entry(tree, "pool/old.iso");
        fresh = TreeFixtures.entry(tree, "pool/new.iso");
        tracker.serveTorrent(
                "pool/old.iso",
                TorrentBuilder.forFile(tree.resolve("pool/old.iso")).build());
        tracker.serveTorrent(
                "pool/new.iso",
                TorrentBuilder.forFile(tree.resolve("pool/new.iso")).build());

        var listener = PeerListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        TlsFixtures.Mirror origin = credentials.mirror("origin.example.org");
        SwarmConfig config = SwarmConfig.defaults(PeerId.random("-OS0001-"));
        var announcer = PrivateSeedingTest.publicAnnouncer(
                listener, config, tracker.base().resolve("announce"));
        seeder = PrivateSeedingTest.privateSeeder(
                credentials, origin, listener, config, announcer, privateTracker, clock, notes::add);
        Withholding withholding = Withholding.sealed(tree, clock);
        server = HttpFileServer.start(
                tree,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                OriginConfig.defaults().quiet(),
                withholding);
        var resolver = new NameResolver(
                new TrackerClient(true),
                new TrustStore(home.resolve("trust")),
                new SnapshotVerifier(new LastSeenVersions(home.resolve("last-seen.json")), Clock.systemUTC()),
                true,
                new PrintWriter(Writer.nullWriter()));
        sync = new SeedSync(
                resolver,
                new TrackerClient(true),
                tracker.collection().asDirectory(),
                new LocalCopies(tree, HashCache.load(home.resolve("hashes.json")), 1),
                seeder,
                server.baseUri(),
                notes::add,
                withholding,
                clock);
    }

    @AfterEach
    void stop() {
        seeder.close();
        server.close();
        tracker.close();
        privateTracker.close();
    }

    @Test
    void theOriginServesNothingBeforeTheFirstSnapshotWasRead() throws Exception {
        assertThat(status("pool/old.iso")).isEqualTo(404);

        tracker.serve(1, Instant.now().plus(Duration.ofDays(7)), List.of(old));
        sync.sync();

        assertThat(status("pool/old.iso")).isEqualTo(200);
        assertThat(status("pool/new.iso"))
                .as("not in any snapshot: served as any file of the tree")
                .isEqualTo(200);
    }

    @Test
    void filesNewInAnEmbargoedSnapshotArePrivateAndWithheldUntilItsInstant() throws Exception {
        tracker.serve(1, Instant.now().plus(Duration.ofDays(7)), List.of(old));
        sync.sync();
        tracker.serve(2, Instant.now().plus(Duration.ofDays(7)), List.of(old, fresh), Optional.of(release));

        sync.sync();

        assertThat(seeder.seedsPrivately(hash(fresh))).isTrue();
        assertThat(seeder.seedsPrivately(hash(old)))
                .as("public in version 1 already")
                .isFalse();
        assertThat(seeder.seeds(hash(old))).isTrue();
        assertThat(status("pool/new.iso")).isEqualTo(404);
        assertThat(status("pool/old.iso")).isEqualTo(200);
        assertThat(notes).contains("seeding pool/new.iso privately until " + release);
        Await.until(
                () -> !privateTracker.to("/private/announce", hash(fresh)).isEmpty(),
                Duration.ofSeconds(10),
                () -> "the private swarm was not announced");
        assertThat(privateTracker.to("/private/announce", hash(fresh))).allMatch(AnnounceRecorder.Announce::signed);

        clock.advance(Duration.between(clock.instant(), release));
        assertThat(status("pool/new.iso"))
                .as("served from the release instant on")
                .isEqualTo(200);
    }

    @Test
    void anEmbargoedFirstVersionIsWithheldWholeAndAPublicOneReleasesItAtOnce() throws Exception {
        tracker.serve(1, Instant.now().plus(Duration.ofDays(7)), List.of(old, fresh), Optional.of(release));

        sync.sync();

        assertThat(seeder.seedsPrivately(hash(old))).isTrue();
        assertThat(seeder.seedsPrivately(hash(fresh))).isTrue();
        assertThat(status("pool/old.iso")).isEqualTo(404);
        assertThat(status("pool/new.iso")).isEqualTo(404);

        tracker.serve(2, Instant.now().plus(Duration.ofDays(7)), List.of(old, fresh));
        sync.sync();

        assertThat(seeder.seedsPrivately(hash(old))).isFalse();
        assertThat(seeder.seedsPrivately(hash(fresh))).isFalse();
        assertThat(seeder.status().swarms()).isEqualTo(2);
        assertThat(status("pool/old.iso")).isEqualTo(200);
        assertThat(status("pool/new.iso")).isEqualTo(200);
    }

    private static InfoHash hash(SnapshotFile file) {
        return InfoHash.fromHex(file.infoHash());
    }

    private int status(String path) throws IOException, InterruptedException {
        URI uri = server.baseUri().resolve(path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
