package org.ossnet.tracker.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.tracker.collection.Publications.JSON;
import static org.ossnet.tracker.collection.Publications.publish;
import static org.ossnet.tracker.collection.Publications.request;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.announce.AnnounceEvent;
import org.ossnet.core.announce.BatchAnnounce;
import org.ossnet.core.announce.BatchAnnounceCodec;
import org.ossnet.core.announce.BatchAnnounceReply;
import org.ossnet.core.announce.BatchLimits;
import org.ossnet.core.announce.SwarmReply;
import org.ossnet.core.api.ClientKind;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.api.DownloadEventBatch;
import org.ossnet.core.api.MirrorCollection;
import org.ossnet.core.api.MirrorHolding;
import org.ossnet.core.api.MirrorRegistered;
import org.ossnet.core.api.MirrorRegistration;
import org.ossnet.core.api.NsChild;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.api.PublishResponse;
import org.ossnet.core.api.SnapshotEvent;
import org.ossnet.core.api.SnapshotFeed;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BInteger;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeLimits;
import org.ossnet.core.testing.Await;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;
import org.ossnet.core.torrent.TorrentBuilder;
import org.ossnet.testsupport.FreePorts;
import org.ossnet.tracker.SettableClock;
import org.ossnet.tracker.TrackerUnderTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An embargoed collection seen from outside, on every public surface: before its release instant by the server's clock
 * each answer is the answer for a name, snapshot or swarm that never existed (status, headers and body, but for the
 * name), and at that instant each serves it, with no re-publish. The tracker's clock is a {@link SettableClock}, so
 * "just before" and "at" the release are exact instants rather than sleeps.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class EmbargoIT {

    static final TrackerUnderTest APP = new TrackerUnderTest();
    static final SettableClock CLOCK = new SettableClock();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String ORIGIN = "http://origin.example.org/os/";

    /**
     * The embargoed collection's mount, and one of the same length that never existed: an answer for the one must be
     * the answer for the other with the name swapped. Their parents exist only through these mounts.
     */
    static final String HIDDEN = "hidden/os";

    static final String ABSENT = "absent/os";

    @TempDir
    Path tree;

    @TestConfiguration
    static class ServerClock {

        @Bean
        @Primary
        Clock settableClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        APP.register(registry);
        registry.add("ossnet.tracker.swarm-refresh", () -> "100ms");
        registry.add("ossnet.tracker.feed-poll-interval", () -> "100ms");
        // Replies without jitter, so two announce replies can be compared byte for byte.
        registry.add("ossnet.tracker.announce-jitter", () -> "0s");
        registry.add("ossnet.tracker.mirrors.allow-private-addresses", () -> "true");
        // Statistics on, so the events endpoint checks the catalogue; nothing listens there, and no retry comes soon.
        registry.add("ossnet.tracker.stats.url", () -> "http://127.0.0.1:" + FreePorts.pick() + "/");
        registry.add("ossnet.tracker.stats.retry-min", () -> "1h");
        registry.add("ossnet.tracker.stats.retry-max", () -> "1h");
    }

    @AfterEach
    void runClock() {
        CLOCK.run();
    }

    @AfterAll
    static void stopSigning() {
        APP.close();
    }

    @Test
    void anEmbargoedCollectionAnswersEverywhereAsOneThatNeverExistedUntilItsReleaseInstant() throws Exception {
        Instant release = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(1));
        Answer discovery = get("/.well-known/ossnet.json");
        PublishResponse hidden = published(HIDDEN, release, files(1));
        long id = collectionId(hidden);
        long absentId = id + 1000;
        InfoHash swarm = swarm(HIDDEN, "iso/big image.iso");
        InfoHash absentSwarm = swarm(tree.resolve("never-published"), files(2).get("iso/big image.iso"));
        // Published after the embargoed one: once its swarm is announceable, the tracker has considered the other too.
        published("open/os", null, files(3));
        awaitAnnounceable(swarm("open/os", "iso/big image.iso"));
        MirrorRegistered mirror = registeredMirror();

        CLOCK.standAt(release.minusMillis(1));
        Swap swap = new Swap(HIDDEN, ABSENT, id, absentId);
        for (String path : metadataPaths()) {
            Answer answer = get(swap.hidden(path));
            assertThat(answer.status()).as(path).isEqualTo(404);
            assertThat(answer.header("cache-control")).as(path).isEqualTo("no-store");
            assertThat(answer).as(path).isEqualTo(swap.toHidden(get(swap.absent(path))));
        }
        assertThat(get("/.well-known/ossnet.json")).isEqualTo(discovery);
        assertThat(feedCollections()).doesNotContain(hidden.collection());
        for (URI base : List.of(APP.url(), APP.announceListenerUrl())) {
            // A would-be seed announces first: if it were registered, the leecher below would be handed it.
            Answer seed = announce(base, swarm, 1, "&left=0&event=started");
            assertThat(seed.text()).isEqualTo("d14:failure reason13:unknown swarme");
            assertThat(seed).isEqualTo(announce(base, absentSwarm, 1, "&left=0&event=started"));
            assertThat(scrape(base, swarm)).isEqualTo(scrape(base, absentSwarm));
            assertThat(scrape(base, swarm).text()).isEqualTo("d5:filesdee");
        }
        Answer batch = batch(swarm, 1);
        assertThat(batch).isEqualTo(batch(absentSwarm, 1).replace(absentSwarm.toHex(), swarm.toHex()));
        assertThat(batch.text()).contains("unknown swarm");
        assertThat(swap.toHidden(report(event(ABSENT, 1, "README.txt", 8))))
                .isEqualTo(report(event(HIDDEN, 1, "README.txt", 8)))
                .satisfies(refused -> assertThat(refused.status()).isEqualTo(400));
        assertThat(swap.toHidden(claim(mirror, ABSENT, 1)))
                .isEqualTo(claim(mirror, HIDDEN, 1))
                .satisfies(refused -> assertThat(refused.status()).isEqualTo(404));

        CLOCK.standAt(release);
        for (String path : metadataPaths()) {
            Answer answer = get(swap.hidden(path));
            if (path.startsWith("/ns/{parent}")) {
                // No listing exists above a mount: the parent answers as it did, and as the absent one's does.
                assertThat(answer).as(path).isEqualTo(swap.toHidden(get(swap.absent(path))));
            } else {
                assertThat(answer.status()).as(path + ": " + answer.text()).isEqualTo(200);
            }
        }
        NsEntry root = JSON.readValue(get("/ns/" + HIDDEN + "/").text(), NsEntry.class);
        assertThat(root.version()).isEqualTo(1);
        assertThat(root.entries()).extracting(NsChild::name).containsExactly("README.txt", "empty", "iso/");
        assertThat(get(hidden.snapshot().getRawPath()).body()).isNotEmpty();
        assertThat(get("/.well-known/ossnet.json")).isEqualTo(discovery);
        for (URI base : List.of(APP.url(), APP.announceListenerUrl())) {
            BDictionary leecher = bencoded(announce(base, swarm, 2, "&left=1&event=started"));
            assertThat(leecher.get("failure reason")).isEmpty();
            assertThat(integer(leecher, "complete"))
                    .as("no seed was registered before the release")
                    .isZero();
            BDictionary scraped =
                    (BDictionary) bencoded(scrape(base, swarm)).get("files").orElseThrow();
            assertThat(scraped.get(BString.of(swarm.bytes()))).isPresent();
        }
        BatchAnnounceReply.Answered answered = (BatchAnnounceReply.Answered)
                BatchAnnounceCodec.decodeReply(batch(swarm, 3).body(), BatchLimits.DEFAULTS);
        assertThat(answered.swarms()).singleElement().isInstanceOf(SwarmReply.Peers.class);
        assertThat(report(event(HIDDEN, 1, "README.txt", 8)).status()).isEqualTo(200);
        assertThat(claim(mirror, HIDDEN, 1).status()).isEqualTo(202);
        Await.until(
                () -> feedCollections().contains(hidden.collection()),
                Duration.ofSeconds(10),
                () -> "the feed lists " + feedCollections());
    }

    @Test
    void anEmbargoedNewVersionLeavesThePreviousOneAnsweringAndNoAnswerIsCachedPastItsRelease() throws Exception {
        Instant release = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(2));
        Map<String, byte[]> first = files(4);
        published("pub/app", null, first);
        Map<String, byte[]> second = new LinkedHashMap<>(files(5));
        second.put("new.txt", "only in version 2".getBytes(StandardCharsets.UTF_8));
        PublishResponse v2 = published("pub/app", release, second);
        long id = collectionId(v2);

        CLOCK.standAt(release.minusSeconds(4));
        Answer listing = get("/ns/pub/app/");
        assertThat(listing.header("cache-control")).isEqualTo("max-age=4");
        NsEntry v1 = JSON.readValue(listing.text(), NsEntry.class);
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.entries()).extracting(NsChild::name).doesNotContain("new.txt");
        assertThat(get("/ns/pub/app/new.txt"))
                .isEqualTo(get("/ns/pub/app/old.txt").replace("old.txt", "new.txt"))
                .satisfies(missing -> assertThat(missing.status()).isEqualTo(404));
        String snapshot = "/collections/" + id + "/snapshots/%d/snapshot.json";
        assertThat(get(snapshot.formatted(2)))
                .isEqualTo(get(snapshot.formatted(9))
                        .replace("snapshots/9/", "snapshots/2/")
                        .replace("No snapshot 9 ", "No snapshot 2 "));
        assertThat(report(event("pub/app", 2, "new.txt", 17)))
                .isEqualTo(report(event("pub/app", 9, "new.txt", 17)).replace("version 9", "version 2"));

        CLOCK.standAt(release);
        listing = get("/ns/pub/app/");
        assertThat(listing.header("cache-control")).isEqualTo("max-age=10");
        NsEntry opened = JSON.readValue(listing.text(), NsEntry.class);
        assertThat(opened.version()).isEqualTo(2);
        assertThat(opened.entries()).extracting(NsChild::name).contains("new.txt");
        assertThat(get(snapshot.formatted(2)).status()).isEqualTo(200);
        assertThat(report(event("pub/app", 2, "new.txt", 17)).status()).isEqualTo(200);
    }

    /**
     * The metadata paths to probe, with {@code {mount}}, {@code {parent}} and {@code {id}} for the collection's: its
     * name, a directory and files under it, its parent, and its snapshot, signature, a torrent and a Metalink.
     */
    static List<String> metadataPaths() {
        String files = "/collections/{id}/snapshots/1/files/";
        return List.of(
                "/ns/{mount}",
                "/ns/{mount}/",
                "/ns/{mount}/README.txt",
                "/ns/{mount}/iso/",
                "/ns/{mount}/iso/big%20image.iso",
                "/ns/{parent}",
                "/ns/{parent}/",
                "/collections/{id}/snapshots/1/snapshot.json",
                "/collections/{id}/snapshots/1/snapshot.json.asc",
                files + "iso/big%20image.iso.torrent",
                files + "iso/big%20image.iso.meta4",
                files + "README.txt.meta4");
    }

    /** The embargoed collection's names and id, and the absent one's, in paths and in answers. */
    record Swap(String mount, String absentMount, long id, long absentId) {

        String hidden(String path) {
            return fill(path, mount, id);
        }

        String absent(String path) {
            return fill(path, absentMount, absentId);
        }

        /** An answer about the absent collection, as it reads with the hidden one's name and id. */
        Answer toHidden(Answer answer) {
            return answer.replace(absentMount, mount)
                    .replace(parent(absentMount), parent(mount))
                    .replace("/collections/" + absentId + "/", "/collections/" + id + "/")
                    .replace("collection " + absentId, "collection " + id);
        }

        private static String fill(String path, String mount, long id) {
            return path.replace("{mount}", mount)
                    .replace("{parent}", parent(mount))
                    .replace("{id}", Long.toString(id));
        }

        private static String parent(String mount) {
            return mount.substring(0, mount.indexOf('/'));
        }
    }

    /**
     * An HTTP answer as a client could compare it: status, every header but those that vary with time or length,
     * and the body.
     */
    record Answer(int status, Map<String, List<String>> headers, byte[] body) {

        static Answer of(HttpResponse<byte[]> response) {
            Map<String, List<String>> headers = new TreeMap<>();
            response.headers().map().forEach((name, values) -> {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!lower.equals("date") && !lower.equals("content-length")) {
                    headers.put(lower, values);
                }
            });
            return new Answer(response.statusCode(), headers, response.body());
        }

        String header(String name) {
            return headers.getOrDefault(name, List.of("")).getFirst();
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** This answer with {@code from} replaced by {@code to} in its body. */
        Answer replace(String from, String to) {
            return new Answer(status, headers, text().replace(from, to).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Answer that
                    && status == that.status
                    && headers.equals(that.headers)
                    && text().equals(that.text());
        }

        @Override
        public int hashCode() {
            return status;
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + text();
        }
    }

    static Map<String, byte[]> files(long seed) {
        byte[] big = new byte[200_000];
        new Random(seed).nextBytes(big);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("README.txt", ("readme " + seed % 10).getBytes(StandardCharsets.UTF_8));
        files.put("iso/big image.iso", big);
        files.put("empty", new byte[0]);
        return files;
    }

    PublishResponse published(String mount, Instant embargoUntil, Map<String, byte[]> files) throws Exception {
        Path root = tree.resolve(mount);
        HttpResponse<String> response = publish(
                APP.url(),
                TrackerUnderTest.TOKEN,
                request(root, APP.collection(mount), null, ORIGIN, embargoUntil, files));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readValue(response.body(), PublishResponse.class);
    }

    static long collectionId(PublishResponse response) {
        return Long.parseLong(response.snapshot().getRawPath().split("/")[2]);
    }

    /** The swarm of a published file, as anyone holding its content computes it. */
    InfoHash swarm(String mount, String path) throws Exception {
        return TorrentBuilder.forFile(tree.resolve(mount).resolve(path)).build().infoHash();
    }

    static InfoHash swarm(Path directory, byte[] content) throws Exception {
        Files.createDirectories(directory);
        Path file = directory.resolve("big image.iso");
        Files.write(file, content);
        return TorrentBuilder.forFile(file).build().infoHash();
    }

    static Answer get(String pathAndQuery) throws Exception {
        return get(URI.create(APP.url() + pathAndQuery));
    }

    static Answer get(URI uri) throws Exception {
        return Answer.of(HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    static Answer send(String method, String path, String token, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(APP.url().resolve(path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Answer.of(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    static Answer announce(URI base, InfoHash swarm, int peer, String extra) throws Exception {
        return get(URI.create(base + "/announce?info_hash=" + swarm.toPercentEncoded() + "&peer_id=-IT0001-"
                + String.format("%012d", peer) + "&port=" + (7000 + peer) + "&uploaded=0&downloaded=0" + extra));
    }

    static Answer scrape(URI base, InfoHash swarm) throws Exception {
        return get(URI.create(base + "/scrape?info_hash=" + swarm.toPercentEncoded()));
    }

    static Answer batch(InfoHash swarm, int peer) throws Exception {
        byte[] body = BatchAnnounceCodec.encodeRequest(new BatchAnnounce(
                PeerId.of(("-IT0001-" + String.format("%012d", peer)).getBytes(StandardCharsets.US_ASCII)),
                7000 + peer,
                10,
                false,
                List.of(new BatchAnnounce.Entry(swarm, AnnounceEvent.STARTED, 0, 0, 1))));
        return Answer.of(HTTP.send(
                HttpRequest.newBuilder(APP.url().resolve("/announce/batch"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray()));
    }

    static void awaitAnnounceable(InfoHash swarm) throws Exception {
        Await.until(
                () -> {
                    try {
                        return !announce(APP.url(), swarm, 999, "&left=1&numwant=0&event=stopped")
                                .text()
                                .contains("failure reason");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                Duration.ofSeconds(10));
    }

    static BDictionary bencoded(Answer answer) {
        return Bencode.decodeDictionary(answer.body(), BencodeLimits.DEFAULT);
    }

    static long integer(BDictionary dictionary, String key) {
        return ((BInteger) dictionary.get(key).orElseThrow()).value();
    }

    static List<String> feedCollections() {
        try {
            SnapshotFeed feed = JSON.readValue(get("/snapshots/feed?after=0").text(), SnapshotFeed.class);
            return feed.events().stream().map(SnapshotEvent::collection).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A download event as an end user's agent reports it, completed a minute before the server's now. */
    static DownloadEvent event(String mount, long version, String path, long bytes) {
        return new DownloadEvent(
                UUID.randomUUID(),
                APP.collection(mount),
                version,
                path,
                bytes,
                bytes,
                0L,
                0L,
                null,
                ClientKind.GET,
                1000L,
                CLOCK.instant().minusSeconds(60));
    }

    static Answer report(DownloadEvent event) throws Exception {
        return send("POST", "/api/v1/events", null, new DownloadEventBatch(List.of(event)));
    }

    /** A mirror that carries both collections; nothing listens at its URL, which no answer here depends on. */
    static MirrorRegistered registeredMirror() throws Exception {
        MirrorRegistration registration = new MirrorRegistration(
                "embargo test mirror",
                URI.create("http://127.0.0.1:" + FreePorts.pick() + "/pub/"),
                List.of(
                        new MirrorCollection(APP.collection(HIDDEN), List.of()),
                        new MirrorCollection(APP.collection(ABSENT), List.of())),
                null);
        Answer answer = send("POST", "/api/v1/mirrors", null, registration);
        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
        return JSON.readValue(answer.text(), MirrorRegistered.class);
    }

    static Answer claim(MirrorRegistered mirror, String mount, long version) throws Exception {
        return send(
                "PUT",
                mirror.holdings().getRawPath(),
                mirror.reportToken(),
                new MirrorHolding(APP.collection(mount), version));
    }
}
