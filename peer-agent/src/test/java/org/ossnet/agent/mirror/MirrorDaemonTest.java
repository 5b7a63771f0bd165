package org.ossnet.agent.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.announce.AnnounceClient;
import org.ossnet.agent.announce.BatchAnnounceClient;
import org.ossnet.agent.announce.BatchAnnouncer;
import org.ossnet.agent.resolve.NameResolver;
import org.ossnet.agent.scan.TreeFixtures;
import org.ossnet.agent.seed.Seeder;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.agent.tracker.SwarmTorrents;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.tracker.TrackerFixture;
import org.ossnet.agent.trust.LastSeenVersions;
import org.ossnet.agent.trust.SnapshotVerifier;
import org.ossnet.agent.trust.TrustStore;
import org.ossnet.core.api.MirrorHolding;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.testing.Await;
import org.ossnet.core.torrent.PeerId;
import tools.jackson.databind.json.JsonMapper;

/**
 * The daemon in process against the agent's tracker fixture (names, signed snapshots), a feed and a registry speaking
 * docs/API.md's contracts, and a content source copying from the publisher's tree: it syncs version 1 at start and
 * reports it, learns of version 2 through the feed within seconds, switches and reports it, and its state file says
 * so for {@code mirror status}.
 */
@Timeout(60)
class MirrorDaemonTest {

    private static final Instant NEXT_WEEK = Instant.now().plus(7, ChronoUnit.DAYS);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path root;

    private TrackerFixture tracker;
    private FeedServer feed;
    private HttpServer registry;
    private final List<MirrorHolding> holdings = new CopyOnWriteArrayList<>();
    private final List<String> notes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        tracker = TrackerFixture.start();
        feed = FeedServer.start();
        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/api/v1/mirrors", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            byte[] answer = new byte[0];
            int status = 202;
            if (exchange.getRequestMethod().equals("POST")) {
                status = 201;
                answer =
                        "{\"id\":1,\"official\":false,\"reportToken\":\"t\",\"holdings\":\"/api/v1/mirrors/1/holdings\"}"
                                .getBytes(StandardCharsets.UTF_8);
            } else {
                holdings.add(JSON.readValue(body, MirrorHolding.class));
            }
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.stop(0);
        feed.close();
        tracker.close();
    }

    @Test
    void triesAFailedSyncAgainSoonThenLessAndLessOften() {
        assertThat(MirrorDaemon.retryAfter(1)).isEqualTo(MirrorDaemon.FIRST_RETRY);
        assertThat(MirrorDaemon.retryAfter(2)).isEqualTo(MirrorDaemon.FIRST_RETRY.multipliedBy(2));
        assertThat(MirrorDaemon.retryAfter(40)).isEqualTo(MirrorDaemon.MAX_RETRY);
    }

    @Test
    void syncsAtStartLearnsTheNextSnapshotFromTheFeedAndReportsBoth() throws Exception {
        Path origin = Files.createDirectories(root.resolve("origin"));
        publish(origin, 1, "Packages/a.rpm", "alpha ".repeat(100));
        MirrorConfig config = MirrorConfigParser.parse(
                "tree = tree\npoll = 10m\n[collection " + tracker.collection().format() + "]\n", root);
        Seeder seeder = seeder();
        Thread daemon = Thread.ofVirtual().start(() -> {
            try {
                daemon(config, origin, seeder).run();
            } catch (InterruptedException e) {
                // Stopped by the test.
            } catch (Exception e) {
                notes.add("daemon failed: " + e);
            }
        });
        try {
            Await.until(() -> holdings.size() == 1, Duration.ofSeconds(20), notes::toString);
            assertThat(holdings.getFirst())
                    .isEqualTo(new MirrorHolding(tracker.collection().format(), 1));
            assertThat(root.resolve("tree/demo/Packages/a.rpm")).hasContent("alpha ".repeat(100));

            publish(origin, 2, "Packages/b.rpm", "bravo ".repeat(100));
            long published = System.nanoTime();
            feed.publish(tracker.collection().format(), 2);

            Await.until(() -> holdings.size() == 2, Duration.ofSeconds(10), notes::toString);
            assertThat(Duration.ofNanos(System.nanoTime() - published))
                    .as("learnt through the feed, not the 10 minute poll")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(holdings.get(1))
                    .isEqualTo(new MirrorHolding(tracker.collection().format(), 2));
            assertThat(root.resolve("tree/demo/Packages/b.rpm")).hasContent("bravo ".repeat(100));

            Await.until(
                    () -> readState(config).map(s -> s.cursor() == 1).orElse(false),
                    Duration.ofSeconds(10),
                    notes::toString);
            MirrorState state = MirrorState.read(config.state()).orElseThrow();
            MirrorState.CollectionStatus status =
                    state.collections().get(tracker.collection().format());
            assertThat(status.held()).isEqualTo(2);
            assertThat(status.latest()).isEqualTo(2);
            assertThat(status.bytesDown()).isEqualTo(600 + 600);
            assertThat(state.registration().id()).isEqualTo(1);
            assertThat(Files.readString(config.state()))
                    .as("the state file holds the report token")
                    .contains("\"t\"");
            assertThat(Files.getPosixFilePermissions(config.state()).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
        } finally {
            daemon.interrupt();
            daemon.join(Duration.ofSeconds(10));
            seeder.close();
        }
    }

    private Optional<MirrorState> readState(MirrorConfig config) {
        try {
            return MirrorState.read(config.state());
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private MirrorDaemon daemon(MirrorConfig config, Path origin, Seeder seeder) throws Exception {
        var counted = new CountingSource(
                new CopyingSource(origin), List.of(tracker.collection().asFile()));
        var sync = new MirrorSync(
                new NameResolver(
                        new TrackerClient(true),
                        new TrustStore(root.resolve("home/trust")),
                        new SnapshotVerifier(
                                new LastSeenVersions(root.resolve("home/last-seen.json")), Clock.systemUTC()),
                        true,
                        new PrintWriter(Writer.nullWriter())),
                List.of(new CollectionSync(
                        config,
                        config.collections().getFirst(),
                        counted,
                        Clock.systemUTC(),
                        CollectionSync.Checkpoints.NONE)));
        HttpClient http = HttpClient.newHttpClient();
        var follower = new SnapshotFollower(
                http,
                Optional.of(feed.url()),
                Set.of(tracker.collection()),
                0,
                new SnapshotFollower.Timings(
                        Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(1), config.poll()),
                notes::add);
        URI mirrors = URI.create("http://127.0.0.1:" + registry.getAddress().getPort() + "/api/v1/mirrors");
        var registryClient = new RegistryClient(
                http,
                mirrors,
                RegistryClient.registrationOf(config, URI.create("http://127.0.0.1:1/")),
                Optional.empty(),
                Duration.ofSeconds(10));
        var discovery = new TrackerClient(true).discoverAt(tracker.base());
        return new MirrorDaemon(
                config,
                sync,
                new MirrorSeeds(seeder, new SwarmTorrents(new TrackerClient(true)), discovery, notes::add),
                follower,
                Optional.of(registryClient),
                counted,
                org.ossnet.agent.ratelimit.TokenBucket.unlimited(),
                Optional.empty(),
                Optional.empty(),
                Clock.systemUTC(),
                notes::add);
    }

    private Seeder seeder() throws Exception {
        PeerListener listener = PeerListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SwarmConfig swarms =
                SwarmConfig.defaults(PeerId.random(PeerId.AGENT_PREFIX)).withSharedRates();
        var announcer = new BatchAnnouncer(
                new BatchAnnounceClient(),
                new AnnounceClient(),
                URI.create("http://127.0.0.1:1/announce"),
                swarms.peerId(),
                listener.address().getPort(),
                true);
        return new Seeder(listener, swarms, announcer);
    }

    /** Adds {@code path} to the publisher's tree and serves the tree as {@code version}. */
    private void publish(Path origin, long version, String path, String content) throws Exception {
        Files.createDirectories(origin.resolve(path).getParent());
        TreeFixtures.write(origin, path, content);
        List<SnapshotFile> files;
        try (var all = Files.walk(origin)) {
            files = all.filter(Files::isRegularFile)
                    .map(p -> origin.relativize(p).toString())
                    .sorted()
                    .map(p -> {
                        try {
                            return TreeFixtures.entry(origin, p);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
        tracker.serve(version, NEXT_WEEK, files);
    }
}
