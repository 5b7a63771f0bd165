package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.system.InteropSwarms.PublishedFile;
import tools.jackson.databind.JsonNode;

/**
 * Stock BitTorrent clients download a published file from an OSSNET seeder they find through tracker-service, given
 * only the tracker's {@code .torrent} or its magnet link. The collection has no origin and its torrents no web seeds,
 * so the seeder's upload count is where the bytes came from. Fails, never skips, when a client is missing.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ClientsDownloadFromOssnetInteropIT {

    static final Duration CLIENT_LIMIT = Duration.ofMinutes(3);

    @TempDir
    static Path work;

    static InteropSwarms swarms;

    @BeforeAll
    static void publish() throws Exception {
        swarms = InteropSwarms.start(
                work, "aria2-torrent.bin", "aria2-magnet.bin", "libtorrent-torrent.bin", "libtorrent-magnet.bin");
    }

    @AfterAll
    static void stopNetwork() {
        if (swarms != null) {
            swarms.close();
        }
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
            swarms.awaitSeeds(file, 1, () -> "");
            try (Aria2c aria2c = Aria2c.download("aria2c-" + file.fileName(), work, into, source)) {
                int exit = aria2c.awaitExit(CLIENT_LIMIT);

                assertThat(exit).as(aria2c::describe).isZero();
                assertThat(GetIT.sha256(into.resolve(file.fileName())))
                        .as(aria2c::describe)
                        .isEqualTo(file.sha256());
                assertThat(seed.uploadedBytes()).as(aria2c::describe).isGreaterThanOrEqualTo(InteropSwarms.FILE_SIZE);
                assertThat(aria2c.extendedHandshakes())
                        .as("aria2c received our BEP 10 handshake\n%s", aria2c.describe())
                        .isNotEmpty();
            }
        }
    }

    private static void libtorrentDownloads(PublishedFile file, String source) throws Exception {
        Path into = Files.createDirectories(work.resolve("libtorrent-" + file.fileName()));
        try (Seed seed = Seed.start(file.name(), file.original())) {
            swarms.awaitSeeds(file, 1, () -> "");
            try (LibtorrentPeer libtorrent =
                    LibtorrentPeer.download("libtorrent-" + file.fileName(), work, into, source, CLIENT_LIMIT)) {
                JsonNode status = libtorrent.finish(CLIENT_LIMIT.plusSeconds(30));

                assertThat(status.path("succeeded").asBoolean())
                        .as(libtorrent::describe)
                        .isTrue();
                assertThat(GetIT.sha256(into.resolve(file.fileName())))
                        .as(libtorrent::describe)
                        .isEqualTo(file.sha256());
                assertThat(status.path("payload_downloaded").asLong())
                        .as(libtorrent::describe)
                        .isGreaterThanOrEqualTo(InteropSwarms.FILE_SIZE);
                assertThat(seed.uploadedBytes())
                        .as(libtorrent::describe)
                        .isGreaterThanOrEqualTo(InteropSwarms.FILE_SIZE);
                assertThat(status.path("extended_handshakes").isEmpty())
                        .as("libtorrent received our BEP 10 handshake\n%s", libtorrent.describe())
                        .isFalse();
            }
        }
    }
}
