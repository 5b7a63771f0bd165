package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.torrent.MagnetLink;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.testsupport.local.LocalNetwork;
import org.ossnet.testsupport.local.ServiceKind;

/**
 * A collection of a swarm interop test's own on the shared network, published with {@code ossnet publish} and
 * <em>no</em> origin: its torrents and magnet links name no web seed and nothing serves its files over HTTP, so
 * whatever a client gets of them came over the BitTorrent peer wire.
 */
final class InteropSwarms {

    /** Five MiB and a bit, so the last piece is short. */
    static final int FILE_SIZE = 5 * 1024 * 1024 + 12_345;

    /**
     * How long a seed may take to be counted: it normally takes a second or two, but the tracker takes a publish's
     * swarms in only at its next swarm refresh and a busy two-core CI machine can stretch that and a client's start.
     */
    static final Duration SEED_WAIT = Duration.ofMinutes(2);

    private final LocalNetwork network;
    private final String collection;
    private final Path work;
    private final Path tree;
    private final TrackerClient tracker = new TrackerClient(false);

    private InteropSwarms(LocalNetwork network, String collection, Path work, Path tree) {
        this.network = network;
        this.collection = collection;
        this.work = work;
        this.tree = tree;
    }

    /**
     * One published file of the collection.
     *
     * @param name its {@code ossnet://} name
     * @param original the publisher's copy, which nothing serves
     * @param sha256 its SHA-256 as published
     * @param torrent the tracker's {@code .torrent}
     * @param torrentFile the same, saved for a client
     * @param magnet the tracker's magnet link
     */
    record PublishedFile(
            OssnetName name, Path original, String sha256, Metainfo torrent, Path torrentFile, String magnet) {

        String fileName() {
            return original.getFileName().toString();
        }

        /**
         * The port of the torrent's announce URL: the tracker's announce listener, not its HTTP API, and the one
         * connection a stock client keeps once its peers have gone (at every announce interval, seconds apart here).
         */
        int announcePort() {
            return URI.create(torrent.announce().orElseThrow()).getPort();
        }
    }

    /**
     * Publishes a random {@link #FILE_SIZE} file under each of {@code fileNames} as {@code collection}, a name no other
     * test publishes: the files differ from every other collection's, so their swarms are this test's alone.
     */
    static InteropSwarms publish(LocalNetwork network, Path work, String collection, String... fileNames)
            throws Exception {
        Path tree = Files.createDirectories(work.resolve("published"));
        byte[] content = new byte[FILE_SIZE];
        Random random = new Random(collection.hashCode());
        for (String fileName : fileNames) {
            random.nextBytes(content);
            Files.write(tree.resolve(fileName), content);
        }
        URI trackerUrl = network.url(ServiceKind.TRACKER);
        Agent publisher = new Agent(
                Files.createDirectories(work.resolve("publisher")), Map.of("OSSNET_TOKEN", network.publisherToken()));
        Agent.Result published = publisher.run(
                "publish",
                tree.toString(),
                "--collection",
                "ossnet://" + trackerUrl.getAuthority() + "/" + collection,
                "--tracker",
                trackerUrl.toString());
        assertThat(published.exitCode()).as(published.toString()).isZero();
        return new InteropSwarms(network, collection, work, tree);
    }

    /** A published file, its torrent and magnet link as the tracker serves them; fails if they name any web seed. */
    PublishedFile file(String fileName) throws Exception {
        URI trackerUrl = network.url(ServiceKind.TRACKER);
        OssnetName name = OssnetName.parse("ossnet://" + trackerUrl.getAuthority() + "/" + collection + "/" + fileName);
        NsEntry entry = tracker.resolve(tracker.discover(name.publisher()), name);
        byte[] torrentBytes = tracker.fetch(entry.torrent(), 1 << 20);
        Metainfo torrent = Metainfo.parse(torrentBytes);
        assertThat(torrent.webSeeds()).as("web seeds of " + name.format()).isEmpty();
        assertThat(MagnetLink.parse(entry.magnet()).webSeeds())
                .as(entry.magnet())
                .isEmpty();
        Path original = tree.resolve(fileName);
        assertThat(entry.sha256()).isEqualTo(GetIT.sha256(original));
        Path torrentFile = Files.write(work.resolve(fileName + ".torrent"), torrentBytes);
        return new PublishedFile(name, original, entry.sha256(), torrent, torrentFile, entry.magnet());
    }

    /**
     * Waits until the tracker counts {@code count} seeds of {@code file}'s swarm, and returns how many it counts then.
     * Fails after {@link #SEED_WAIT} with {@code seeder}'s state (the client or OSSNET seed that should be counted)
     * and the tracker's log.
     */
    long awaitSeeds(PublishedFile file, int count, Supplier<String> seeder) throws Exception {
        return SwarmProbe.awaitSeeds(
                network.url(ServiceKind.TRACKER),
                file.torrent().infoHash(),
                seeds -> seeds >= count,
                SEED_WAIT,
                () -> seeder.get() + "\n" + trackerLog());
    }

    /** The end of the tracker's log: the OSSNET side of a failure before any {@code ossnet} command ran. */
    String trackerLog() {
        return NetworkLogs.tails(network.workDirectory(), ServiceKind.TRACKER.module());
    }

    /** The SHA-256 of {@code file}, or "missing": a client that failed may have left nothing to hash. */
    static String sha256OrMissing(Path file) throws Exception {
        return Files.exists(file) ? GetIT.sha256(file) : "missing";
    }
}
