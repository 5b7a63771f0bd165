package org.ossnet.agent.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.origin.HttpFileServer;
import org.ossnet.agent.origin.OriginConfig;
import org.ossnet.agent.ratelimit.AddressPolicy;
import org.ossnet.agent.ratelimit.TokenBucket;
import org.ossnet.agent.scan.TreeFixtures;
import org.ossnet.agent.swarm.BytesBySource;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.agent.swarm.TorrentSession;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.core.torrent.PeerId;
import org.ossnet.core.torrent.TorrentBuilder;

/**
 * Small files of a {@link TreeFetch} come straight from real web seeds ({@link HttpFileServer}s on loopback), mirrors
 * before the origin, proven against the snapshot; a mirror with wrong bytes, without the file or unreachable is passed
 * over, and a file no web seed serves comes through its swarm from a real seeding peer.
 */
@Timeout(60)
class SmallFilesOverHttpTest {

    static final List<String> FILES = List.of("pool/a.bin", "pool/b.bin", "pool/sub dir/c 1.bin", "pool/big.bin");

    @TempDir
    Path origin;

    @TempDir
    Path out;

    @TempDir
    Path other;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final AtomicInteger announces = new AtomicInteger();
    private final Map<String, SnapshotFile> entries = new HashMap<>();
    private HttpServer tracker;
    private volatile InetSocketAddress peer;
    private long downloadRate = TokenBucket.UNLIMITED;
    private Map<String, String> dropped = Map.of();

    @BeforeEach
    void publish() throws Exception {
        Random random = new Random(15);
        for (String path : FILES) {
            // Sizes from 10 KiB to 50 KB, and one (big.bin) larger than the burst of a download cap.
            byte[] data = new byte[path.endsWith("big.bin") ? 300_000 : 10_240 + random.nextInt(40_000)];
            random.nextBytes(data);
            Files.createDirectories(origin.resolve(path).getParent());
            Files.write(origin.resolve(path), data);
            entries.put(path, TreeFixtures.entry(origin, path));
        }
        tracker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tracker.createContext("/announce", exchange -> {
            announces.incrementAndGet();
            byte[] reply = announceReply(peer);
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        tracker.start();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        tracker.stop(0);
    }

    @Test
    void takesSmallFilesFromAMirrorBeforeTheOriginWithoutTheirSwarms() throws Exception {
        URI mirror = serve(copy(FILES));
        URI originUrl = serve(origin);

        List<TreeFetch.Outcome> outcomes = fetch(originUrl, mirror);

        for (TreeFetch.Outcome o : outcomes) {
            assertThat(o.status()).as(o.toString()).isEqualTo(TreeFetch.Status.DOWNLOADED);
            assertThat(o.transfer().bytes())
                    .isEqualTo(new BytesBySource(0, o.file().file().size(), 0));
        }
        assertFetched();
        assertThat(announces).as("no swarm was joined").hasValue(0);
    }

    @Test
    void keepsToTheDownloadCap() throws Exception {
        URI originUrl = serve(origin);
        downloadRate = 1 << 20;

        List<TreeFetch.Outcome> outcomes = fetch(originUrl);

        assertThat(outcomes).allMatch(o -> o.status() == TreeFetch.Status.DOWNLOADED);
        assertFetched();
    }

    @Test
    void skipsAMirrorThatSendsWrongBytesAndLeavesNothingOfThemInPlace() throws Exception {
        Path bad = copy(FILES);
        byte[] wrong = Files.readAllBytes(bad.resolve(FILES.getFirst()));
        wrong[100] ^= 1;
        Files.write(bad.resolve(FILES.getFirst()), wrong);
        URI mirror = serve(bad);
        URI originUrl = serve(origin);

        List<TreeFetch.Outcome> outcomes = fetch(originUrl, mirror);

        // The file it spoilt comes from the origin; the mirror is not asked again, so neither are the others.
        for (TreeFetch.Outcome o : outcomes) {
            assertThat(o.status()).as(o.toString()).isEqualTo(TreeFetch.Status.DOWNLOADED);
        }
        TreeFetch.Outcome first = outcomes.getFirst();
        assertThat(first.transfer().bytes())
                .isEqualTo(new BytesBySource(0, 0, first.file().file().size()));
        assertFetched();
        assertThat(dropped).containsOnlyKeys(mirror.toString());
        assertThat(dropped.get(mirror.toString())).contains("another SHA-256 than the signed snapshot's");
    }

    @Test
    void passesOverAMirrorWithoutTheFilesAndOneThatCannotBeReached() throws Exception {
        URI empty = serve(other);
        URI refused;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refused = URI.create("http://127.0.0.1:" + closed.getLocalPort() + "/");
        }
        URI originUrl = serve(origin);

        List<TreeFetch.Outcome> outcomes = fetch(originUrl, empty, refused);

        for (TreeFetch.Outcome o : outcomes) {
            assertThat(o.status()).as(o.toString()).isEqualTo(TreeFetch.Status.DOWNLOADED);
            assertThat(o.transfer().bytes())
                    .isEqualTo(new BytesBySource(0, 0, o.file().file().size()));
        }
        assertFetched();
        assertThat(announces).hasValue(0);
        // The tree without the files is asked for each; the one that cannot be reached is not asked again.
        assertThat(dropped).containsOnlyKeys(refused.toString());
    }

    @Test
    void fetchesThroughTheSwarmWhenThereIsNoWebSeed() throws Exception {
        seedEveryFile();

        List<TreeFetch.Outcome> outcomes = fetch(null);

        for (TreeFetch.Outcome o : outcomes) {
            assertThat(o.status()).as(o.toString()).isEqualTo(TreeFetch.Status.DOWNLOADED);
            assertThat(o.transfer().bytes())
                    .isEqualTo(new BytesBySource(o.file().file().size(), 0, 0));
        }
        assertFetched();
        assertThat(announces.get()).isGreaterThanOrEqualTo(FILES.size());
    }

    @Test
    void fetchesThroughTheSwarmWhatNoWebSeedServesCorrectly() throws Exception {
        Path bad = copy(FILES);
        for (String path : FILES) {
            // Every piece wrong, so the swarm's web seed cannot give it a single one either.
            byte[] wrong = new byte[(int) Files.size(bad.resolve(path))];
            new Random(16).nextBytes(wrong);
            Files.write(bad.resolve(path), wrong);
        }
        seedEveryFile();

        // The only web seed (taken for the origin) sends wrong bytes: the swarm drops it too, and its peer serves.
        List<TreeFetch.Outcome> outcomes = fetch(serve(bad));

        for (TreeFetch.Outcome o : outcomes) {
            assertThat(o.status()).as(o.toString()).isEqualTo(TreeFetch.Status.DOWNLOADED);
            assertThat(o.transfer().bytes().peers()).isEqualTo(o.file().file().size());
        }
        assertFetched();
    }

    /** Fetches every file with {@code webSeeds} as each torrent's url-list, the origin first as the tracker lists it. */
    private List<TreeFetch.Outcome> fetch(URI originUrl, URI... mirrors) throws Exception {
        List<PlannedFile> planned = new ArrayList<>();
        Map<String, Metainfo> torrents = new HashMap<>();
        for (String path : FILES) {
            SnapshotFile file = entries.get(path);
            TorrentBuilder torrent = TorrentBuilder.forFile(origin.resolve(path));
            Stream.concat(Stream.ofNullable(originUrl), Stream.of(mirrors))
                    .forEach(tree -> torrent.webSeed(tree + file.path().encoded()));
            torrents.put(path, torrent.build());
            planned.add(new PlannedFile(
                    OssnetName.parse("ossnet://example.org/demo/" + file.path().encoded()),
                    file,
                    out.resolve(path),
                    PlannedFile.Action.DOWNLOAD));
        }
        URI announce = URI.create("http://127.0.0.1:" + tracker.getAddress().getPort() + "/announce");
        SwarmSource swarms =
                (name, file) -> new SwarmSource.Swarm(torrents.get(file.path().path()), announce);
        SwarmConfig config = SwarmConfig.defaults(PeerId.random("-ON0001-"))
                .withTimings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(600))
                .withBanByPeerId()
                .withDownloadRate(downloadRate)
                .withSharedRates();
        try (PeerListener listener = PeerListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                TreeFetch fetch = new TreeFetch(new FetchPlan(planned), swarms, listener, config, false)) {
            // Called on the thread that downloaded each file, several at once.
            List<TreeFetch.Outcome> downloaded = new CopyOnWriteArrayList<>();
            fetch.onDownloaded(downloaded::add);
            fetch.httpFirstBelow(HttpFirst.DEFAULT_BELOW);
            fetch.start(2, System.nanoTime() + Duration.ofSeconds(45).toNanos());
            assertThat(fetch.await(Duration.ofSeconds(50))).isTrue();
            assertThat(downloaded).as("one event for each file").hasSize(FILES.size());
            dropped = fetch.droppedWebSeeds();
            return fetch.outcomes();
        }
    }

    private void assertFetched() throws Exception {
        for (String path : FILES) {
            assertThat(out.resolve(path)).hasSameBinaryContentAs(origin.resolve(path));
        }
        try (Stream<Path> walk = Files.walk(out)) {
            assertThat(walk.map(Path::toString)).as("no part file left").noneMatch(p -> p.contains(".ossnet-"));
        }
    }

    private Path copy(List<String> paths) throws Exception {
        Path tree = Files.createTempDirectory(other, "tree");
        for (String path : paths) {
            Files.createDirectories(tree.resolve(path).getParent());
            Files.copy(origin.resolve(path), tree.resolve(path));
        }
        return tree;
    }

    private URI serve(Path tree) throws Exception {
        HttpFileServer server = HttpFileServer.start(
                tree,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                OriginConfig.defaults().quiet());
        closing.add(server);
        return server.baseUri();
    }

    /** One peer seeding every file, behind its own listener, which the tracker hands out. */
    private void seedEveryFile() throws Exception {
        SwarmConfig seeding = SwarmConfig.defaults(PeerId.random("-OS0001-"))
                .withTimings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(600))
                .withBanByPeerId()
                .withUpload(AddressPolicy.parse(List.of("127.0.0.0/8")));
        PeerListener listener = PeerListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        closing.add(listener);
        for (String path : FILES) {
            Metainfo torrent = TorrentBuilder.forFile(origin.resolve(path)).build();
            TorrentSession session =
                    TorrentSession.seed(origin.resolve(path), torrent.infoHash(), torrent.info(), seeding);
            closing.add(session::close);
            listener.register(session);
        }
        peer = listener.address();
    }

    private static byte[] announceReply(InetSocketAddress peer) {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        byte[] compact = new byte[0];
        if (peer != null) {
            byte[] ip = peer.getAddress().getAddress();
            compact = new byte[] {ip[0], ip[1], ip[2], ip[3], (byte) (peer.getPort() >> 8), (byte) peer.getPort()};
        }
        reply.writeBytes(("d8:intervali60e5:peers" + compact.length + ":").getBytes(StandardCharsets.US_ASCII));
        reply.writeBytes(compact);
        reply.writeBytes("e".getBytes(StandardCharsets.US_ASCII));
        return reply.toByteArray();
    }
}
