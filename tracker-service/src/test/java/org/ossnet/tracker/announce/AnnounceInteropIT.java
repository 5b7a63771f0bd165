package org.ossnet.tracker.announce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BInteger;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeLimits;
import org.ossnet.core.torrent.ExternalProcess;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.testsupport.FreePorts;
import org.ossnet.tracker.TrackerUnderTest;
import org.ossnet.tracker.collection.Publications;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two real aria2c processes find each other through our announce: a seeder with the published
 * file, and a leecher that has only the tracker's {@code .torrent} (no web seeds, no DHT, no LPD),
 * whose announce URL is the tracker's dedicated announce listener.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class AnnounceInteropIT {

    static final Path ARIA2C = Path.of("/usr/bin/aria2c");
    static final TrackerUnderTest APP = new TrackerUnderTest();

    @TempDir
    Path work;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        APP.register(registry);
        registry.add("ossnet.tracker.swarm-refresh", () -> "100ms");
    }

    @AfterAll
    static void stopSigning() {
        APP.close();
    }

    static List<String> aria2c(Path dir, int port, String... more) {
        List<String> command = new ArrayList<>(List.of(
                ARIA2C.toString(),
                "--dir=" + dir,
                "--listen-port=" + port,
                "--enable-dht=false",
                "--enable-dht6=false",
                "--bt-enable-lpd=false",
                "--enable-peer-exchange=false",
                "--console-log-level=notice",
                "--summary-interval=0",
                "--bt-stop-timeout=60"));
        command.addAll(List.of(more));
        return command;
    }

    @Test
    void anAria2cLeecherFindsAnAria2cSeederThroughOurAnnounce() throws Exception {
        ExternalProcess.requireExecutable(ARIA2C, "aria2");
        byte[] content = new byte[3 * 1024 * 1024 + 12345];
        new Random(42).nextBytes(content);
        Path seedDir = work.resolve("seed");
        var request = Publications.request(
                seedDir,
                "ossnet://127.0.0.1:" + APP.port() + "/interop/aria2",
                null,
                null,
                null,
                Map.of("data.bin", content));
        HttpResponse<String> published = Publications.publish(APP.url(), TrackerUnderTest.TOKEN, request);
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        NsEntry entry = Publications.JSON.readValue(
                Publications.get(APP.url().resolve("/ns/interop/aria2/data.bin"))
                        .body(),
                NsEntry.class);
        byte[] torrentBytes = Publications.get(entry.torrent()).body();
        Metainfo torrent = Metainfo.parse(torrentBytes);
        assertThat(torrent.webSeeds()).isEmpty();
        assertThat(torrent.announce())
                .as("aria2c announces to the dedicated listener")
                .hasValue(APP.announceListenerUrl() + "/announce");
        Path torrentFile = work.resolve("data.bin.torrent");
        Files.write(torrentFile, torrentBytes);
        AnnounceRequests.awaitAnnounceable(APP.url(), torrent.infoHash());

        Path seederLog = work.resolve("seeder.log");
        Process seeder = new ProcessBuilder(aria2c(
                        seedDir,
                        FreePorts.pick(),
                        "--seed-ratio=0.0",
                        "--check-integrity=true",
                        torrentFile.toString()))
                .redirectErrorStream(true)
                .redirectOutput(seederLog.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            awaitSeed(torrent.infoHash(), seederLog);
            Path leechDir = work.resolve("leech");
            Files.createDirectories(leechDir);
            ExternalProcess.Result leecher = ExternalProcess.run(
                    Duration.ofSeconds(90),
                    work,
                    aria2c(leechDir, FreePorts.pick(), "--seed-time=0", torrentFile.toString()));
            assertThat(leecher.exitCode()).as(leecher.describe()).isZero();
            assertThat(Files.readAllBytes(leechDir.resolve("data.bin"))).isEqualTo(content);
        } finally {
            seeder.descendants().forEach(ProcessHandle::destroyForcibly);
            seeder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Waits, at most 30 s, until the tracker counts the seeder as a seed. */
    static void awaitSeed(InfoHash swarm, Path seederLog) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            BDictionary reply = Bencode.decodeDictionary(
                    Publications.get(APP.announceListenerUrl().resolve("/scrape?info_hash=" + swarm.toPercentEncoded()))
                            .body(),
                    BencodeLimits.DEFAULT);
            BDictionary files = (BDictionary) reply.get("files").orElseThrow();
            long complete = files.get(BString.of(swarm.bytes()))
                    .map(counts ->
                            ((BInteger) ((BDictionary) counts).get("complete").orElseThrow()).value())
                    .orElse(0L);
            if (complete >= 1) {
                return;
            }
            assertThat(System.nanoTime())
                    .as(() -> "the aria2c seeder never announced as a seed:\n" + read(seederLog))
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
