package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.filter.CarryRules;
import org.ossnet.core.filter.PathPattern;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.testing.Await;
import org.ossnet.testsupport.FreePorts;
import org.ossnet.testsupport.local.LocalNetwork;
import org.ossnet.testsupport.local.ServiceKind;

/**
 * Every kind of client's downloads reach the statistics, each exactly once: three agents fetch files with
 * {@code ossnet get} (their outboxes report to the tracker), a mirror syncs the collection (its syncs reported as
 * {@code mirror}), and aria2c and libtorrent each complete a download through the tracker (their {@code completed}
 * announces become events of their peer-id family). stats-service then shows exactly those downloads with the right
 * file, version, client kind and bytes, people's downloads apart from the mirror's sync, and bytes by source that add
 * up: every byte of an agent's fresh download from one of the sources, none from a mirror before any existed.
 *
 * <p>On the shared network, in a collection of its own ({@code statsinterop}, files of its own, an origin of its own),
 * so the counts are this test's downloads alone, whatever other tests fetched from the demo.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@ExtendWith(SharedNetwork.class)
class StatsInteropIT {

    static final String README = "README.txt";
    /** Under the directory the mirror does not carry ({@link MirrorDaemons#EXCLUDED}): people fetch it, the mirror not. */
    static final String GUIDE = MirrorDaemons.EXCLUDED + "getting started.md";

    static final String IMAGE = "images/stats-16MiB.img";

    /** Every client kind but a mirror's sync. */
    static final String PEOPLE = StatsApi.ALL_KINDS.replace("mirror,", "");

    /** The stats API is asked at most this often. */
    static final Duration CHECK_EVERY = Duration.ofMillis(500);

    static final Duration CLIENT_LIMIT = Duration.ofMinutes(3);

    /** Agents flush at once, the mirror every 10 s, the tracker forwards within its interval: a generous bound. */
    static final Duration COUNTED_WAIT = Duration.ofSeconds(90);

    @TempDir
    Path work;

    @Test
    void statsShowExactlyTheDownloadsOfAgentsAMirrorAria2cAndLibtorrent(LocalNetwork network) throws Exception {
        Path published = work.resolve("published");
        Files.createDirectories(published.resolve(GUIDE).getParent());
        Files.writeString(published.resolve(README), "StatsInteropIT's collection: counted apart from the demo.\n");
        Files.writeString(published.resolve(GUIDE), "# Getting started with the statistics\n");
        SeedIT.write(published.resolve(IMAGE), 16 << 20, 16);
        try (Origin origin = Origin.start(network, work, "statsinterop", published)) {
            String collection = origin.collection();
            StatsApi stats = new StatsApi(network);
            Map<String, Long> sizes = new TreeMap<>();
            for (String path : List.of(README, GUIDE, IMAGE)) {
                sizes.put(path, origin.entry(encoded(path)).size());
            }

            // Three agents, each a home of its own, each fetching one file.
            int agent = 0;
            for (String path : List.of(README, GUIDE, IMAGE)) {
                Agent client = new Agent(Files.createDirectories(work.resolve("agent-" + ++agent)), Map.of());
                Agent.Result get = client.run(
                        "get",
                        collection + "/" + encoded(path),
                        "-o",
                        Files.createDirectories(work.resolve("got-" + agent)).toString(),
                        "--bind",
                        "127.0.0.1",
                        "--timeout",
                        "2m");
                assertThat(get.exitCode()).as(get.toString()).isZero();
                assertThat(get.err()).as("no report problem").doesNotContain("warning");
            }

            // Standard clients complete the image through the tracker, from the origin's swarm and web seed.
            NsEntry image = origin.entry(IMAGE);
            Path torrent = Files.write(work.resolve("image.torrent"), MirrorMetalinkInteropIT.fetch(image.torrent()));
            Path intoAria2 = Files.createDirectories(work.resolve("aria2c"));
            try (Aria2c aria2c = Aria2c.download("aria2c", work, intoAria2, torrent.toString())) {
                Aria2c.Verdict verdict = aria2c.awaitExit(CLIENT_LIMIT, () -> trackerLog(network));
                assertThat(verdict.exitCode()).as(verdict::describe).hasValue(0);
            }
            assertThat(GetIT.sha256(intoAria2.resolve(Path.of(IMAGE).getFileName())))
                    .isEqualTo(image.sha256());
            // A libtorrent that crashed before completing announced no completion: the count stays one.
            LibtorrentPeer.Download libtorrent = LibtorrentPeer.downloadToVerdict(
                    "libtorrent", work, torrent.toString(), CLIENT_LIMIT, () -> trackerLog(network));
            assertThat(libtorrent.verdict().path("succeeded").asBoolean())
                    .as(libtorrent.peer()::describe)
                    .isTrue();

            // A mirror carrying everything but the guide syncs version 1.
            Snapshot version1 = MirrorMetalinkInteropIT.decode(MirrorMetalinkInteropIT.fetch(image.snapshot()));
            CarryRules rules =
                    new CarryRules(List.of(new CarryRules.Rule(false, PathPattern.parse(MirrorDaemons.EXCLUDED))));
            Path tree = work.resolve("mirror/tree");
            URI baseUrl = URI.create("http://127.0.0.1:" + FreePorts.pick(InetAddress.getLoopbackAddress()) + "/");
            Path config = MirrorDaemons.writeConfig(
                    work.resolve("mirror/mirror.conf"), tree, baseUrl, network.url(ServiceKind.TRACKER), collection);
            Agent mirror = new Agent(Files.createDirectories(work.resolve("mirror/home")), Map.of());
            Path mounted =
                    tree.resolve(String.join("/", OssnetName.parse(collection).segments()));
            Map<String, Long> expectedMirror = Map.of(
                    README + "|1|mirror", 1L,
                    IMAGE + "|1|mirror", 1L);
            Map<String, Long> expected = Map.of(
                    README + "|1|get", 1L,
                    GUIDE + "|1|get", 1L,
                    IMAGE + "|1|get", 1L,
                    IMAGE + "|1|bittorrent:aria2", 1L,
                    IMAGE + "|1|bittorrent:libtorrent", 1L);
            try (Agent.Background daemon = mirror.start("mirror", "run", "--config", config.toString())) {
                Await.until(
                        () -> MirrorDaemons.holds(mounted, version1, rules),
                        MirrorDaemons.FIRST_SYNC_WAIT,
                        () -> "the mirror never held version 1\n" + MirrorDaemons.describe(daemon, tree));

                // Everything reported reaches stats-service through the tracker's outbox.
                Await.until(
                        () -> expected.equals(downloads(stats, collection, PEOPLE))
                                && expectedMirror.equals(downloads(stats, collection, "mirror")),
                        COUNTED_WAIT,
                        CHECK_EVERY,
                        () -> "stats-service shows " + downloads(stats, collection, StatsApi.ALL_KINDS) + ", expected "
                                + expected + " and " + expectedMirror + "\n" + trackerLog(network));
            }

            // People's downloads by default: the mirror's sync is counted apart, never as popularity.
            assertThat(stats.downloads(collection, "path,version,clientKind", PEOPLE))
                    .isEqualTo(expected);
            Map<String, Long> bytes = stats.bytes(collection, "path,clientKind", StatsApi.ALL_KINDS);
            assertThat(bytes)
                    .containsEntry(README + "|get", sizes.get(README))
                    .containsEntry(GUIDE + "|get", sizes.get(GUIDE))
                    .containsEntry(IMAGE + "|get", sizes.get(IMAGE))
                    .containsEntry(IMAGE + "|bittorrent:aria2", sizes.get(IMAGE))
                    .containsEntry(IMAGE + "|bittorrent:libtorrent", sizes.get(IMAGE))
                    .containsEntry(README + "|mirror", sizes.get(README))
                    .containsEntry(IMAGE + "|mirror", sizes.get(IMAGE));
            // The agents fetched before any mirror existed, from the origin's swarm and web seed (agents do not
            // upload):
            // every byte from the origin, whose `ossnet seed` says so in its extended handshake, none from peers or
            // mirrors. A standard client's completed announce tells no sources.
            long agentBytes = sizes.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Long> sources = stats.bytesBySource(collection, "get");
            assertThat(sources)
                    .containsEntry("bytes", agentBytes)
                    .containsEntry("bytesFromOrigin", agentBytes)
                    .containsEntry("bytesFromPeers", 0L)
                    .containsEntry("bytesFromMirrors", 0L);
            assertThat(stats.bytesBySource(collection, "bittorrent:aria2,bittorrent:libtorrent"))
                    .containsEntry("bytes", 2 * sizes.get(IMAGE))
                    .containsEntry("bytesFromPeers", 0L)
                    .containsEntry("bytesFromMirrors", 0L)
                    .containsEntry("bytesFromOrigin", 0L);
            System.out.printf(
                    "stats-service counts %s; bytes by source of the agents' downloads %s%n",
                    stats.downloads(collection, "path,version,clientKind", StatsApi.ALL_KINDS), sources);
        }
    }

    /** A path as a segment of an {@code ossnet://} name: a space percent-encoded. */
    private static String encoded(String path) {
        return path.replace(" ", "%20");
    }

    private static Map<String, Long> downloads(StatsApi stats, String collection, String kinds) {
        try {
            return stats.downloads(collection, "path,version,clientKind", kinds);
        } catch (java.io.IOException e) {
            return Map.of("unavailable: " + e.getMessage(), 0L);
        }
    }

    private static String trackerLog(LocalNetwork network) {
        return NetworkLogs.tails(network.workDirectory(), ServiceKind.TRACKER.module());
    }
}
