package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.testing.Await;
import org.ossnet.system.InteropSwarms.PublishedFile;
import org.ossnet.testsupport.local.LocalNetwork;
import tools.jackson.databind.JsonNode;

/**
 * Stock BitTorrent clients download a published file from an OSSNET seeder they find through tracker-service, given
 * only the tracker's {@code .torrent} or its magnet link. The collection has no origin and its torrents no web seeds,
 * so the seeder's upload count is where the bytes came from. A client's verdict is taken when it has exited (aria2c) or
 * has flushed the finished file (libtorrent), before it is killed. Fails, never skips, when a client is missing. On the
 * shared network, in a collection of its own, {@code interop-to-clients}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@ExtendWith(SharedNetwork.class)
class ClientsDownloadFromOssnetInteropIT {

    static final Duration CLIENT_LIMIT = Duration.ofMinutes(3);

    /** How long the seed may take to count a block the client already has: a thread's scheduling delay. */
    static final Duration COUNT_WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path work;

    static InteropSwarms swarms;

    @BeforeAll
    static void publish(LocalNetwork network) throws Exception {
        swarms = InteropSwarms.publish(
                network,
                work,
                "interop-to-clients",
                "aria2-torrent.bin",
                "aria2-magnet.bin",
                "libtorrent-torrent.bin",
                "libtorrent-magnet.bin");
    }

    @Test
    void aria2cDownloadsFromAnOssnetSeedWithTheTrackersTorrent() throws Exception {
        PublishedFile file = swarms.file("aria2-torrent.bin");
        aria2cDownloads(file, file.torrentFile().toString());
    }

    @Test
    void aria2cDownloadsFromAnOssnetSeedWithTheTrackersMagnetLink() throws Exception {
        PublishedFile file = swarms.file("aria2-magnet.bin");
        aria2cDownloads(file, file.magnet());
    }

    @Test
    void libtorrentDownloadsFromAnOssnetSeedWithTheTrackersTorrent() throws Exception {
        PublishedFile file = swarms.file("libtorrent-torrent.bin");
        libtorrentDownloads(file, file.torrentFile().toString());
    }

    @Test
    void libtorrentDownloadsFromAnOssnetSeedWithTheTrackersMagnetLink() throws Exception {
        PublishedFile file = swarms.file("libtorrent-magnet.bin");
        libtorrentDownloads(file, file.magnet());
    }

    private static void aria2cDownloads(PublishedFile file, String source) throws Exception {
        Path into = Files.createDirectories(work.resolve("aria2c-" + file.fileName()));
        try (Seed seed = Seed.start(file.name(), file.original())) {
            swarms.awaitSeeds(file, 1, () -> ossnetSide(seed));
            try (Aria2c aria2c = Aria2c.download("aria2c-" + file.fileName(), work, into, source)) {
                Aria2c.Verdict verdict = aria2c.awaitExit(CLIENT_LIMIT, () -> ossnetSide(seed));
                Supplier<String> both = () -> verdict.describe() + "\n" + ossnetSide(seed);

                assertThat(verdict.exitCode()).as(both).hasValue(0);
                assertThat(InteropSwarms.sha256OrMissing(into.resolve(file.fileName())))
                        .as(both)
                        .isEqualTo(file.sha256());
                awaitCounted(seed, both);
                assertThat(verdict.extendedHandshakes())
                        .as("aria2c received our BEP 10 handshake\n%s", both.get())
                        .isNotEmpty();
            }
        }
    }

    private static void libtorrentDownloads(PublishedFile file, String source) throws Exception {
        try (Seed seed = Seed.start(file.name(), file.original())) {
            swarms.awaitSeeds(file, 1, () -> ossnetSide(seed));
            LibtorrentPeer.Download download = LibtorrentPeer.downloadToVerdict(
                    "libtorrent-" + file.fileName(), work, source, CLIENT_LIMIT, () -> ossnetSide(seed));
            JsonNode status = download.verdict();
            Supplier<String> both = () -> download.peer().describe() + "\n" + ossnetSide(seed);

            assertThat(status.path("succeeded").asBoolean()).as(both).isTrue();
            // The verdict comes after libtorrent flushed the file ("flushed"), so the file is what it verified.
            assertThat(InteropSwarms.sha256OrMissing(download.into().resolve(file.fileName())))
                    .as(both)
                    .isEqualTo(file.sha256());
            assertThat(status.path("payload_downloaded").asLong())
                    .as(both)
                    .isGreaterThanOrEqualTo(InteropSwarms.FILE_SIZE);
            awaitCounted(seed, both);
            assertThat(status.path("extended_handshakes").isEmpty())
                    .as("libtorrent received our BEP 10 handshake\n%s", both.get())
                    .isFalse();
        }
    }

    /**
     * Waits until the seed counts at least the whole file as sent. It counts a block just after handing it to its
     * writer, which may already have put it on the socket: a client can have the last block, verify it and exit while
     * the seed's thread, descheduled on a busy machine, has yet to count it. So the count is awaited, not read once.
     */
    private static void awaitCounted(Seed seed, Supplier<String> both) throws InterruptedException {
        Await.until(
                () -> seed.uploadedBytes() >= InteropSwarms.FILE_SIZE,
                COUNT_WAIT,
                () -> "the OSSNET seed did not count the whole file as sent\n" + both.get());
    }

    /** The OSSNET side: the in-process seed's count and the tracker's log. */
    private static String ossnetSide(Seed seed) {
        return "--- OSSNET seed (in this JVM): uploaded " + seed.uploadedBytes() + " bytes of "
                + InteropSwarms.FILE_SIZE + " ---\n" + swarms.trackerLog();
    }
}
