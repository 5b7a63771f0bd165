package org.ossnet.tracker.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.api.DownloadEventBatch;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeLimits;
import org.ossnet.core.testing.Await;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;
import org.ossnet.core.torrent.TorrentBuilder;
import org.ossnet.tracker.TrackerUnderTest;
import org.ossnet.tracker.collection.Publications;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class StatisticsIT {

    static final TrackerUnderTest APP = new TrackerUnderTest();
    static final FakeStats STATS = FakeStats.start();
    static final String REPORT_TOKEN = "report-token-0123456789abcdef0123456789";
    static final int ANONYMOUS_BURST = 5;
    static final int BATCH_SIZE = 3;
    static final int DELIVERIES = 3;
    static final Duration VACUUM_INTERVAL = Duration.ofMillis(200);
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Instant RECENT = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path tree;

    static String collection;
    static InfoHash swarmA;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    CompletedAnnounces completions;

    @Autowired
    Map<String, HealthIndicator> health;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        APP.register(registry);
        registry.add("ossnet.tracker.swarm-refresh", () -> "100ms");
        registry.add("ossnet.tracker.bootstrap-report-token", () -> REPORT_TOKEN);
        registry.add("ossnet.tracker.stats.url", () -> STATS.url().toString());
        registry.add("ossnet.tracker.stats.token", () -> FakeStats.TOKEN);
        registry.add("ossnet.tracker.stats.forward-interval", () -> "100ms");
        // Three events a delivery, three deliveries at once: a few small batches fill every delivery in flight.
        registry.add("ossnet.tracker.stats.batch-size", () -> BATCH_SIZE);
        registry.add("ossnet.tracker.stats.deliveries", () -> DELIVERIES);
        registry.add("ossnet.tracker.stats.retry-min", () -> "50ms");
        registry.add("ossnet.tracker.stats.retry-max", () -> "200ms");
        registry.add("ossnet.tracker.stats.outbox-vacuum-interval", () -> VACUUM_INTERVAL.toMillis() + "ms");
        registry.add("ossnet.tracker.stats.anonymous-burst", () -> ANONYMOUS_BURST);
        registry.add("ossnet.tracker.stats.anonymous-per-hour", () -> 1);
    }

    /** Once, with the tracker up: the context starts after {@code @BeforeAll}. */
    @BeforeEach
    void publishOnce() throws Exception {
        if (collection != null) {
            return;
        }
        collection = APP.collection("stats/demo");
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.bin", content(1000, 1));
        files.put("dir/b.bin", content(2000, 2));
        Path root = tree.resolve("demo");
        var request = Publications.request(root, collection, null, null, null, files);
        HttpResponse<String> response = Publications.publish(APP.url(), TrackerUnderTest.TOKEN, request);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        swarmA = TorrentBuilder.forFile(root.resolve("a.bin")).build().infoHash();
    }

    @AfterEach
    void statsUp() {
        STATS.release();
        STATS.down(false);
        STATS.failNext(0);
        STATS.loseAnswers(0);
    }

    @AfterAll
    static void stop() {
        STATS.close();
        APP.close();
    }

    static byte[] content(int size, int seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static DownloadEvent event(String path, long bytes) {
        return new DownloadEvent(
                UUID.randomUUID(), collection, 1L, path, bytes, bytes / 2, 0L, bytes / 2, null, "get", 1200L, RECENT);
    }

    static HttpResponse<String> post(URI base, String token, List<DownloadEvent> events) throws Exception {
        return post(base, token, Publications.JSON.writeValueAsString(new DownloadEventBatch(events)));
    }

    static HttpResponse<String> post(URI base, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/v1/events"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) {
        return Publications.JSON.readTree(response.body());
    }

    long rows(UUID eventId) {
        return jdbc.sql("SELECT count(*) FROM stats_outbox_batch, jsonb_array_elements(body::jsonb) e"
                        + " WHERE e ->> 'eventId' = ?")
                .param(eventId.toString())
                .query(Long.class)
                .single();
    }

    long pending() {
        return jdbc.sql("SELECT coalesce(sum(events), 0) FROM stats_outbox_batch")
                .query(Long.class)
                .single();
    }

    static String announce(URI base, InfoHash swarm, String peerId, String extra) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/announce?info_hash=" + swarm.toPercentEncoded() + "&peer_id="
                                + peerId + "&port=7001&uploaded=0&downloaded=0" + extra))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return Bencode.decodeDictionary(response.body(), BencodeLimits.DEFAULT)
                .get("failure reason")
                .map(v -> ((BString) v).asUtf8())
                .orElse(null);
    }

    @Test
    void queuesAValidBatchAndAnswersWithAReceiptOnceItIsStored() throws Exception {
        STATS.down(true);
        DownloadEvent a = event("a.bin", 1000);
        DownloadEvent b = event("dir/b.bin", 2000);
        HttpResponse<String> first = post(APP.url(), REPORT_TOKEN, List.of(a, b));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{\"received\":2,\"added\":2,\"duplicates\":0}");
        assertThat(rows(a.eventId())).isOne();
        // A retry is queued again (stats-service, which counts each id once, drops it); an id repeated within one
        // batch is queued once.
        HttpResponse<String> retry = post(APP.url(), REPORT_TOKEN, List.of(a, b, a));
        assertThat(retry.body()).isEqualTo("{\"received\":3,\"added\":2,\"duplicates\":1}");
        assertThat(rows(a.eventId())).isEqualTo(2);

        STATS.down(false);
        Await.until(() -> STATS.stored().containsAll(List.of(a.eventId(), b.eventId())), Duration.ofSeconds(10));
        Await.until(() -> rows(a.eventId()) == 0 && rows(b.eventId()) == 0, Duration.ofSeconds(10));
        assertThat(meters.get("ossnet.tracker.stats.forwarded").counter().count())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void vacuumsTheOutboxAfterDeletingDeliveredRows() throws Exception {
        Await.until(() -> pending() == 0, Duration.ofSeconds(10));
        long vacuumed = outboxVacuums();
        long timed = meters.get("ossnet.tracker.stats.outbox.vacuum").timer().count();
        // One event at a time until a delivery's delete comes at least an interval after the last vacuum (an earlier
        // test's may have been moments ago): PostgreSQL then counts the forwarder's vacuum (autovacuum counts apart).
        Await.until(
                () -> {
                    if (outboxVacuums() > vacuumed) {
                        return true;
                    }
                    if (pending() == 0) {
                        DownloadEvent a = event("a.bin", 1000);
                        try {
                            assertThat(post(APP.url(), REPORT_TOKEN, List.of(a)).statusCode())
                                    .isEqualTo(200);
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    }
                    return false;
                },
                Duration.ofSeconds(20));
        assertThat(meters.get("ossnet.tracker.stats.outbox.vacuum").timer().count())
                .isGreaterThan(timed);
    }

    long outboxVacuums() {
        return jdbc.sql("SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'stats_outbox_batch'")
                .query(Long.class)
                .single();
    }

    @Test
    void carriesSeveralDeliveriesAtOnceEachWithRowsOfItsOwnAndSendsNoEventTwice() throws Exception {
        Await.until(() -> pending() == 0, Duration.ofSeconds(10));
        int before = STATS.deliveries().size();
        STATS.hold();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            List<DownloadEvent> batch = List.of(event("a.bin", 1000), event("dir/b.bin", 2000), event("a.bin", 1000));
            batch.forEach(e -> ids.add(e.eventId()));
            assertThat(post(APP.url(), REPORT_TOKEN, batch).statusCode()).isEqualTo(200);
        }
        // A slow stats-service: every delivery waits, and as many as may be in flight are.
        Await.until(() -> STATS.inFlight() == DELIVERIES, Duration.ofSeconds(10));
        assertThat(STATS.inFlight()).as("no more than the deliveries allowed").isEqualTo(DELIVERIES);
        List<UUID> inFlight = STATS
                .deliveries()
                .subList(before, STATS.deliveries().size())
                .stream()
                .flatMap(List::stream)
                .toList();
        assertThat(inFlight).as("rows of their own").doesNotHaveDuplicates().hasSize(DELIVERIES * BATCH_SIZE);
        STATS.release();
        Await.until(() -> STATS.stored().containsAll(ids), Duration.ofSeconds(10));
        Await.until(() -> pending() == 0, Duration.ofSeconds(10));
        List<UUID> sent = STATS.deliveries().subList(before, STATS.deliveries().size()).stream()
                .flatMap(List::stream)
                .toList();
        assertThat(sent).as("each event sent once").containsExactlyInAnyOrderElementsOf(ids);
        assertThat(STATS.mostInFlight()).isEqualTo(DELIVERIES);
    }

    @Test
    void sendsAgainTheDeliveriesWhoseAnswersWereLostAndStatsServiceCountsThemOnce() throws Exception {
        Await.until(() -> pending() == 0, Duration.ofSeconds(10));
        int before = STATS.deliveries().size();
        int failuresBefore = STATS.failures();
        STATS.hold();
        STATS.loseAnswers(2);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            List<DownloadEvent> batch = List.of(event("a.bin", 1000), event("dir/b.bin", 2000));
            batch.forEach(e -> ids.add(e.eventId()));
            assertThat(post(APP.url(), REPORT_TOKEN, batch).statusCode()).isEqualTo(200);
        }
        Await.until(() -> STATS.inFlight() == DELIVERIES, Duration.ofSeconds(10));
        STATS.release();
        Await.until(() -> pending() == 0, Duration.ofSeconds(10), () -> "deliveries: " + STATS.deliveries());
        assertThat(STATS.stored()).containsAll(ids);
        assertThat(STATS.failures()).isEqualTo(failuresBefore + 2);
        List<UUID> sent = STATS.deliveries().subList(before, STATS.deliveries().size()).stream()
                .flatMap(List::stream)
                .toList();
        // The two deliveries whose answers were lost went again: their events were sent twice, all others once.
        assertThat(sent).containsAll(ids).hasSizeGreaterThan(ids.size());
        assertThat(sent.stream().distinct().count()).isEqualTo(ids.size());
        awaitForwarderIdle();
    }

    @Test
    void refusesABatchWithABadEventNamingTheMemberAndQueuesNoneOfIt() throws Exception {
        DownloadEvent good = event("a.bin", 1000);
        Map<String, DownloadEvent> bad = new LinkedHashMap<>();
        bad.put("path", event("missing.bin", 1000));
        bad.put("bytes", event("a.bin", 999));
        bad.put("version", withVersion(event("a.bin", 1000), 7));
        bad.put("collection", withCollection(event("a.bin", 1000), APP.collection("stats/nothing-here")));
        bad.put("clientKind", withKind(event("a.bin", 1000), "BitTorrent"));
        bad.put(
                "bytesFromPeers",
                new DownloadEvent(
                        UUID.randomUUID(), collection, 1L, "a.bin", 1000L, 900L, 200L, 0L, null, "get", 1L, RECENT));
        bad.put(
                "completedAt",
                new DownloadEvent(
                        UUID.randomUUID(),
                        collection,
                        1L,
                        "a.bin",
                        1000L,
                        0L,
                        0L,
                        0L,
                        null,
                        "get",
                        1L,
                        Instant.now().plus(Duration.ofHours(1))));
        for (Map.Entry<String, DownloadEvent> entry : bad.entrySet()) {
            HttpResponse<String> response = post(APP.url(), REPORT_TOKEN, List.of(good, entry.getValue()));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json(response).get("field").asString()).isEqualTo("events[1]." + entry.getKey());
        }
        HttpResponse<String> notUuid = post(
                APP.url(),
                REPORT_TOKEN,
                "{\"events\":[" + Publications.JSON.writeValueAsString(good) + ",{\"eventId\":\"not-a-uuid\"}]}");
        assertThat(notUuid.statusCode()).isEqualTo(400);
        assertThat(json(notUuid).get("field").asString()).isEqualTo("events[1].eventId");
        HttpResponse<String> noList = post(APP.url(), REPORT_TOKEN, "{}");
        assertThat(json(noList).get("field").asString()).isEqualTo("events");
        assertThat(rows(good.eventId())).isZero();
        assertThat(STATS.stored()).doesNotContain(good.eventId());
    }

    @Test
    void letsOnlyAReporterSayMirrorAndRefusesATokenWithoutAReportingRole() throws Exception {
        DownloadEvent sync = withKind(event("a.bin", 1000), "mirror");
        // Over IPv6 [::1], so this anonymous request spends another source's bucket than the rate test's.
        URI v6 = URI.create("http://[::1]:" + APP.port());
        HttpResponse<String> anonymous = post(v6, null, List.of(sync));
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(400);
        assertThat(json(anonymous).get("field").asString()).isEqualTo("events[0].clientKind");
        assertThat(post(APP.url(), REPORT_TOKEN, List.of(sync)).statusCode()).isEqualTo(200);
        assertThat(post(APP.url(), TrackerUnderTest.TOKEN, List.of(event("a.bin", 1000)))
                        .statusCode())
                .as("a publisher token is not a reporter's")
                .isEqualTo(403);
        assertThat(post(APP.url(), "no-such-token", List.of(event("a.bin", 1000)))
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void refusesASourceOverItsRateBoundWith429AndRetryAfterAndStoresNothing() throws Exception {
        List<DownloadEvent> burst = new ArrayList<>();
        for (int i = 0; i < ANONYMOUS_BURST - 1; i++) {
            burst.add(event("a.bin", 1000));
        }
        HttpResponse<String> accepted = post(APP.url(), null, burst);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        DownloadEvent one = event("a.bin", 1000);
        DownloadEvent two = event("dir/b.bin", 2000);
        HttpResponse<String> over = post(APP.url(), null, List.of(one, two));
        assertThat(over.statusCode()).as(over.body()).isEqualTo(429);
        assertThat(over.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        // One event is missing from the bucket, and it regains one an hour.
        assertThat(over.headers().firstValue("Retry-After").map(Long::parseLong))
                .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(3000L, 3600L));
        assertThat(rows(one.eventId()) + rows(two.eventId())).isZero();
        HttpResponse<String> tooLarge = post(APP.url(), null, Collections.nCopies(6, one));
        assertThat(json(tooLarge).get("field").asString())
                .as("a batch larger than the anonymous burst could never pass")
                .isEqualTo("events");
        assertThat(post(APP.url(), REPORT_TOKEN, List.of(one, two)).statusCode())
                .as("a reporter has a bucket of its own")
                .isEqualTo(200);
    }

    @Test
    void retriesAFailingStatsServiceAndParksAnEventItRefusesWhileSendingTheRest() throws Exception {
        STATS.down(true);
        DownloadEvent a = event("a.bin", 1000);
        DownloadEvent b = event("dir/b.bin", 2000);
        DownloadEvent c = event("a.bin", 1000);
        STATS.refuse(b.eventId());
        assertThat(post(APP.url(), REPORT_TOKEN, List.of(a, b, c)).statusCode()).isEqualTo(200);
        int failuresBefore = STATS.failures();
        Await.until(() -> STATS.failures() >= failuresBefore + 2, Duration.ofSeconds(10));
        assertThat(health.get("statsForwarderHealthIndicator").health().getDetails())
                .containsEntry("state", "failing");
        double parkedBefore =
                meters.get("ossnet.tracker.stats.failed").counter().count();
        STATS.down(false);
        Await.until(
                () -> STATS.stored().containsAll(List.of(a.eventId(), c.eventId())),
                Duration.ofSeconds(10),
                () -> "deliveries: " + STATS.deliveries());
        assertThat(STATS.stored()).doesNotContain(b.eventId());
        List<UUID> stored = STATS.stored();
        assertThat(stored.indexOf(a.eventId())).as("enqueue order").isLessThan(stored.indexOf(c.eventId()));
        Await.until(() -> rows(a.eventId()) == 0 && rows(c.eventId()) == 0, Duration.ofSeconds(10));
        assertThat(jdbc.sql("SELECT failed_reason FROM stats_outbox_parked WHERE event_id = ?")
                        .param(b.eventId())
                        .query(String.class)
                        .single())
                // Its index is its place in the batch it was refused in, which may also hold an earlier test's event.
                .containsPattern("events\\[\\d+\\]\\.bytes is refused by the test");
        assertThat(meters.get("ossnet.tracker.stats.failed").counter().count()).isEqualTo(parkedBefore + 1);
        awaitForwarderIdle();
        assertThat(health.get("statsForwarderHealthIndicator").health().getDetails())
                .containsEntry("parked", 1L);
    }

    @Test
    void turnsACompletedAnnounceOfAStandardClientIntoOneEventAndSkipsOssnetAgents() throws Exception {
        awaitAnnounceable(swarmA);
        STATS.down(true);
        String libtorrent = "-LT2000-000000000042";
        announce(APP.announceListenerUrl(), swarmA, libtorrent, "&left=1000&event=started");
        assertThat(announce(APP.announceListenerUrl(), swarmA, libtorrent, "&left=0&event=completed"))
                .isNull();
        UUID expected = CompletedAnnounces.eventId(PeerId.of(libtorrent.getBytes(StandardCharsets.US_ASCII)), swarmA);
        Await.until(() -> rows(expected) == 1, Duration.ofSeconds(10));
        long written = completions.written();
        announce(APP.announceListenerUrl(), swarmA, libtorrent, "&left=0&event=completed");
        String agent = PeerId.AGENT_PREFIX + "000000000042";
        announce(APP.announceListenerUrl(), swarmA, agent, "&left=0&event=completed");
        double agentsBefore = meters.get("ossnet.tracker.stats.completions")
                .tag("outcome", "agent")
                .counter()
                .count();
        assertThat(agentsBefore).isPositive();
        Await.until(() -> completions.written() > written, Duration.ofSeconds(10));
        // The second completed announce is queued with the same id, which stats-service counts once; the agent's is
        // not queued at all.
        assertThat(rows(expected)).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM stats_outbox_batch, jsonb_array_elements(body::jsonb) e"
                                + " WHERE e ->> 'path' = 'a.bin' AND e ->> 'clientKind' LIKE 'bittorrent:%'")
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        String row = jdbc.sql("SELECT e::text FROM stats_outbox_batch, jsonb_array_elements(body::jsonb) e"
                        + " WHERE e ->> 'eventId' = ? LIMIT 1")
                .param(expected.toString())
                .query(String.class)
                .single();
        JsonNode stored = Publications.JSON.readTree(row);
        assertThat(stored.get("collection").asString()).isEqualTo(collection);
        assertThat(stored.get("version").asLong()).isEqualTo(1);
        assertThat(stored.get("bytes").asLong()).isEqualTo(1000);
        assertThat(stored.get("bytesFromPeers").asLong()).isZero();
        assertThat(stored.get("clientKind").asString()).isEqualTo("bittorrent:libtorrent");
        STATS.down(false);
        Await.until(() -> STATS.stored().contains(expected), Duration.ofSeconds(10));
    }

    void awaitAnnounceable(InfoHash swarm) throws Exception {
        Await.until(
                () -> {
                    try {
                        return announce(APP.url(), swarm, "-IT0001-000000000999", "&left=1&numwant=0&event=stopped")
                                == null;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                Duration.ofSeconds(10));
    }

    static DownloadEvent withVersion(DownloadEvent e, long version) {
        return e.withVersion(version);
    }

    static DownloadEvent withCollection(DownloadEvent e, String collection) {
        return e.withCollection(collection);
    }

    static DownloadEvent withKind(DownloadEvent e, String kind) {
        return e.withClientKind(kind);
    }

    private void awaitForwarderIdle() throws InterruptedException {
        Await.until(
                () -> "idle"
                        .equals(health.get("statsForwarderHealthIndicator")
                                .health()
                                .getDetails()
                                .get("state")),
                Duration.ofSeconds(10));
    }
}
