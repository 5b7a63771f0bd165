package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.system.InteropSwarms.PublishedFile;
import org.ossnet.testsupport.local.LocalNetwork;
import tools.jackson.databind.JsonNode;

/**
 * {@code ossnet get}, the real jar, downloads a published file that only a stock BitTorrent client seeds: no OSSNET
 * seeder, no origin and no web seed has it, so the tracker's one seed is the aria2c or libtorrent process. The getter,
 * upload off, sends them nothing: it says so and the seeder's own count agrees. The seeder's verdict is taken once it
 * has seen the getter's connections end, so a block the getter sent last is in it. On the shared network, in a
 * collection of its own, {@code interop-from-clients}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@ExtendWith(SharedNetwork.class)
class OssnetGetsFromClientsInteropIT {

    static final Duration SEEDER_LIMIT = Duration.ofMinutes(6);

    /** How long a seeder may take to see the getter, which has exited, gone and to give its verdict. */
    static final Duration VERDICT_WAIT = Duration.ofMinutes(1);

    @TempDir
    static Path work;

    static InteropSwarms swarms;

    @BeforeAll
    static void publish(LocalNetwork network) throws Exception {
        swarms = InteropSwarms.publish(network, work, "interop-from-clients", "from-aria2c.bin", "from-libtorrent.bin");
    }

    @Test
    void getsAFileOnlyAnAria2cSeederHasAndUploadsNothingToIt() throws Exception {
        PublishedFile file = swarms.file("from-aria2c.bin");
        Path seedDir = copyOfOriginal(file, "aria2c-seed");
        try (Aria2c seeder = Aria2c.seed("aria2c-seeder", work, seedDir, file.torrentFile())) {
            assertThat(swarms.awaitSeeds(file, 1, seeder::describe)).isEqualTo(1);

            Agent.Result get = get(file, "after-aria2c");
            Aria2c.Verdict aria2c = seeder.awaitPeersGone(file.announcePort(), VERDICT_WAIT, get::toString);
            Supplier<String> both = () -> get + "\n" + aria2c.describe();

            assertThat(get.exitCode()).as(both).isZero();
            assertThat(InteropSwarms.sha256OrMissing(
                            work.resolve("after-aria2c").resolve(file.fileName())))
                    .as(both)
                    .isEqualTo(file.sha256());
            assertThat(get.out()).as(both).contains("uploaded 0 bytes");
            assertThat(aria2c.extendedHandshakes())
                    .as("aria2c received our BEP 10 handshake\n%s", both.get())
                    .isNotEmpty();
            assertThat(aria2c.received(" piece index="))
                    .as("aria2c received no block from us\n%s", both.get())
                    .isEmpty();
        }
    }

    @Test
    void getsAFileOnlyALibtorrentSeederHasAndUploadsNothingToIt() throws Exception {
        PublishedFile file = swarms.file("from-libtorrent.bin");
        Path seedDir = copyOfOriginal(file, "libtorrent-seed");
        try (LibtorrentPeer seeder =
                LibtorrentPeer.seed("libtorrent-seeder", work, seedDir, file.torrentFile(), SEEDER_LIMIT)) {
            seeder.awaitSeeding(InteropSwarms.SEED_WAIT, swarms::trackerLog);
            assertThat(swarms.awaitSeeds(file, 1, seeder::describe)).isEqualTo(1);

            Agent.Result get = get(file, "after-libtorrent");
            JsonNode status = seeder.finish(VERDICT_WAIT, get::toString);
            Supplier<String> both = () -> get + "\n" + seeder.describe();

            assertThat(get.exitCode()).as(both).isZero();
            assertThat(InteropSwarms.sha256OrMissing(
                            work.resolve("after-libtorrent").resolve(file.fileName())))
                    .as(both)
                    .isEqualTo(file.sha256());
            assertThat(get.out()).as(both).contains("uploaded 0 bytes");
            assertThat(status.path("succeeded").asBoolean()).as(both).isTrue();
            assertThat(status.path("payload_uploaded").asLong())
                    .as(both)
                    .isGreaterThanOrEqualTo(InteropSwarms.FILE_SIZE);
            assertThat(status.path("payload_downloaded").asLong())
                    .as("libtorrent received no block from us\n%s", both.get())
                    .isZero();
            assertThat(status.path("extended_handshakes").isEmpty())
                    .as("libtorrent received our BEP 10 handshake\n%s", both.get())
                    .isFalse();
        }
    }

    private static Agent.Result get(PublishedFile file, String into) throws Exception {
        Path downloads = Files.createDirectories(work.resolve(into));
        Agent getter = new Agent(Files.createDirectories(work.resolve(into + "-home")), Map.of());
        return getter.run(
                "get", file.name().format(), "-o", downloads.toString(), "--bind", "127.0.0.1", "--timeout", "2m");
    }

    /** The seeder's own copy, so that nothing it does can touch the publisher's. */
    private static Path copyOfOriginal(PublishedFile file, String dir) throws Exception {
        Path copy = Files.createDirectories(work.resolve(dir));
        Files.copy(file.original(), copy.resolve(file.fileName()));
        return copy;
    }
}
