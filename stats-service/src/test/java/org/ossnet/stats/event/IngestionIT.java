package org.ossnet.stats.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.stats.EventJson.batch;
import static org.ossnet.stats.EventJson.batchWith;
import static org.ossnet.stats.EventJson.event;
import static org.ossnet.stats.EventJson.inRegion;
import static org.ossnet.stats.EventJson.withBytes;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.api.DownloadEventBatch;
import org.ossnet.core.testing.Await;
import org.ossnet.service.json.DownloadEventBatchConverter;
import org.ossnet.stats.StatsIntegrationTest;
import org.ossnet.testsupport.http.HttpProbe;
import org.ossnet.testsupport.http.HttpProbe.Response;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import tools.jackson.databind.JsonNode;

class IngestionIT extends StatsIntegrationTest {

    @Autowired
    private RequestMappingHandlerAdapter handlers;

    private static final Instant RECENT =
            Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void storesAValidBatchAndAddsItToTheDailyRollup() throws Exception {
        String collection = newCollection();
        DownloadEvent first = event(collection, "iso/a.iso", 3, "get", RECENT);
        DownloadEvent second = inRegion(event(collection, "iso/a.iso", 3, "get", RECENT.plusSeconds(1)), null);
        Response response = postEvents(INGEST_TOKEN, batch(List.of(first, second)));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(json(response).toString()).isEqualTo("{\"received\":2,\"added\":2,\"duplicates\":0}");
        assertThat(rawEvents(collection)).isEqualTo(2);
        assertThat(rollup(collection)).isEqualTo(List.of(2L, 2000L, 1200L, 600L, 200L));
        assertThat(regions(collection)).containsExactly("default", "eu");
    }

    @Test
    void countsAnEventOnceWhetherRepeatedAcrossBatchesOrWithinOne() throws Exception {
        String collection = newCollection();
        DownloadEvent a = event(collection, "a.rpm", 1, "proxy", RECENT);
        DownloadEvent b = event(collection, "b.rpm", 1, "proxy", RECENT);
        assertThat(json(postEvents(INGEST_TOKEN, batch(List.of(a, a, b)))).toString())
                .isEqualTo("{\"received\":3,\"added\":2,\"duplicates\":1}");
        // A retry of the same batch, and a reporter that resends an event with another body: the id decides.
        assertThat(json(postEvents(INGEST_TOKEN, batch(List.of(a, b)))).toString())
                .isEqualTo("{\"received\":2,\"added\":0,\"duplicates\":2}");
        DownloadEvent changed = withBytes(a, 5000, 0, 0, 0);
        assertThat(json(postEvents(INGEST_TOKEN, batch(List.of(changed))))
                        .get("added")
                        .asInt())
                .isZero();
        // A batch of new events with one seen before among them: stored as all new it fails, and only the new count.
        DownloadEvent c = event(collection, "c.rpm", 1, "proxy", RECENT);
        assertThat(json(postEvents(INGEST_TOKEN, batch(List.of(c, changed)))).toString())
                .isEqualTo("{\"received\":2,\"added\":1,\"duplicates\":1}");
        assertThat(rawEvents(collection)).isEqualTo(3);
        assertThat(rollup(collection)).isEqualTo(List.of(3L, 3000L, 1800L, 900L, 300L));
    }

    @Test
    void readsBatchesTokenByTokenNotThroughDataBinding() {
        assertThat(handlers.getMessageConverters().stream()
                        .filter(c -> c.canRead(DownloadEventBatch.class, MediaType.APPLICATION_JSON))
                        .findFirst())
                .containsInstanceOf(DownloadEventBatchConverter.class);
    }

    @Test
    void refusesAMemberOfTheWrongTypeOrUnknownNamingIt() throws Exception {
        String collection = newCollection();
        List<DownloadEvent> events = twoEvents(collection);
        Map<String, String> badValues = new java.util.LinkedHashMap<>();
        badValues.put("bytes", "\"1000\"");
        badValues.put("version", "1.0");
        badValues.put("completedAt", "\"yesterday\"");
        badValues.put("region", "{}");
        for (Map.Entry<String, String> bad : badValues.entrySet()) {
            assertThat(refusedNaming(events, bad.getKey(), bad.getValue())
                            .get("detail")
                            .asString())
                    .isEqualTo("events[1]." + bad.getKey() + " is missing, of the wrong type or not allowed here.");
        }
        Response syntax = postEvents(INGEST_TOKEN, "{\"events\":[{\"eventId\":}]}");
        assertThat(syntax.status()).isEqualTo(400);
        // As data binding named it: the event the JSON broke in.
        assertThat(json(syntax).get("field").asString()).isEqualTo("events[0]");
        Response notJson = postEvents(INGEST_TOKEN, "{\"events\":[],");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(json(notJson).get("detail").asString()).startsWith("The body is not valid JSON at line 1");
        assertThat(rawEvents(collection)).isZero();
    }

    @Test
    void refusesABatchWithABadEventNamingItAndStoresNoneOfIt() throws Exception {
        String collection = newCollection();
        List<DownloadEvent> events = twoEvents(collection);
        Map<String, String> badValues = new java.util.LinkedHashMap<>();
        badValues.put("eventId", "\"not-a-uuid\"");
        badValues.put("collection", "\"https://example.org/x\"");
        badValues.put("version", "0");
        badValues.put("path", "\"../etc/passwd\"");
        badValues.put("bytes", "-1");
        badValues.put("bytesFromPeers", "999999");
        badValues.put("clientKind", "\"bittorrent:Not A Family\"");
        badValues.put("durationMs", null);
        badValues.put("completedAt", "\"" + Instant.now().plus(Duration.ofHours(1)) + "\"");
        badValues.put("region", "\"\"");
        for (Map.Entry<String, String> bad : badValues.entrySet()) {
            refusedNaming(events, bad.getKey(), bad.getValue());
        }
        Response tooOld = postEvents(
                INGEST_TOKEN,
                batch(List.of(event(collection, "a.iso", 1, "get", Instant.now().minus(Duration.ofDays(3651))))));
        assertThat(json(tooOld).get("field").asString()).isEqualTo("events[0].completedAt");
        Response tooMany =
                postEvents(INGEST_TOKEN, batch(Collections.nCopies(501, event(collection, "a.iso", 1, "get", RECENT))));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(json(tooMany).get("field").asString()).isEqualTo("events");
        assertThat(rawEvents(collection)).isZero();
        assertThat(rollup(collection)).isEqualTo(List.of(0L, 0L, 0L, 0L, 0L));
    }

    /** Two valid events of {@code collection}, the second of which the refusal tests spoil. */
    private static List<DownloadEvent> twoEvents(String collection) {
        return List.of(event(collection, "a.iso", 1, "get", RECENT), event(collection, "b.iso", 1, "get", RECENT));
    }

    /**
     * Posts {@code events} with {@code member} of the second event set to {@code value} (JSON; null leaves it out),
     * asserts a problem+json 400 naming {@code events[1].member}, and returns the problem.
     */
    private JsonNode refusedNaming(List<DownloadEvent> events, String member, String value) throws Exception {
        Response response = postEvents(INGEST_TOKEN, batchWith(events, 1, member, value));
        assertThat(response.status()).as(member + ": " + response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("field").asString()).isEqualTo("events[1]." + member);
        return problem;
    }

    @Test
    void acceptsEventsOnlyFromCallersWithTheIngestRole() throws Exception {
        String body = batch(List.of(event(newCollection(), "a.iso", 1, "get", RECENT)));
        assertThat(postEvents("an-unknown-token-0123456789", body).status()).isEqualTo(401);
        Response forbidden = postEvents(READ_TOKEN, body);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(json(forbidden).get("detail").asString()).contains("ingest");
        assertThat(HttpProbe.send(
                                "POST",
                                baseUrl().resolve("/api/v1/events"),
                                Map.of("Content-Type", "application/json"),
                                body)
                        .status())
                .isEqualTo(401);
    }

    @Test
    void keepsTheRollupExactUnderConcurrentOverlappingBatches() throws Exception {
        String collection = newCollection();
        List<DownloadEvent> distinct = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            distinct.add(event(collection, "f" + (i % 7) + ".iso", 1 + i % 3, i % 5 == 0 ? "mirror" : "get", RECENT));
        }
        int threads = 8;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Integer>> added = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                // Every thread sends overlapping windows of the same events, in an order of its own.
                List<DownloadEvent> mine = new ArrayList<>(distinct.subList((t * 37) % 200, 200 + (t * 37) % 200));
                Collections.shuffle(mine, new java.util.Random(t));
                List<DownloadEvent> all = new ArrayList<>(distinct);
                Collections.shuffle(all, new java.util.Random(100 + t));
                added.add(pool.submit(() -> added(mine) + added(all.subList(0, 200)) + added(all.subList(200, 400))));
            }
            int total = 0;
            for (Future<Integer> future : added) {
                total += future.get();
            }
            assertThat(total).isEqualTo(400);
        }
        assertThat(rawEvents(collection)).isEqualTo(400);
        assertThat(rollup(collection)).isEqualTo(List.of(400L, 400_000L, 240_000L, 120_000L, 40_000L));
    }

    @Test
    void storesTheCompletionTimeInUtcToTheMicrosecond() throws Exception {
        String collection = newCollection();
        Instant completed = RECENT.plusNanos(123_456_700);
        assertThat(added(List.of(event(collection, "a.iso", 1, "get", completed))))
                .isEqualTo(1);
        // The rows reach the server as COPY text; it rounds the fraction to its microseconds.
        assertThat(single(
                        "SELECT (extract(epoch FROM completed_at) * 1000000)::bigint FROM download_event"
                                + " WHERE collection = ?",
                        collection))
                .containsExactly(completed.getEpochSecond() * 1_000_000 + 123_457);
    }

    @Test
    void showsTheNewestEventsLagInMetricsAndReadiness() throws Exception {
        Instant completed = Instant.now().minus(Duration.ofMinutes(90)).truncatedTo(ChronoUnit.SECONDS);
        assertThat(postEvents(INGEST_TOKEN, batch(List.of(event(newCollection(), "a.iso", 1, "get", completed))))
                        .status())
                .isEqualTo(200);
        Response readiness = HttpProbe.get(baseUrl().resolve("/actuator/health/readiness"));
        assertThat(readiness.status()).isEqualTo(200);
        JsonNode ingest = json(readiness).get("components").get("ingest");
        assertThat(ingest.get("status").asString()).isEqualTo("UP");
        // Other tests may have stored newer events, never older ones than the lag can show: at most 90 minutes.
        assertThat(ingest.get("details").get("lagSeconds").asLong()).isBetween(0L, 90L * 60 + 60);
        Await.until(
                () -> prometheus().contains("ossnet_stats_ingest_lag_seconds{"),
                Duration.ofSeconds(10),
                () -> "no lag gauge in " + prometheus());
        assertThat(prometheus()).contains("ossnet_stats_ingest_events_total{outcome=\"added\"");
    }

    private String prometheus() {
        try {
            return HttpProbe.get(baseUrl().resolve("/actuator/prometheus")).body();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private int added(List<DownloadEvent> events) throws IOException {
        Response response = postEvents(INGEST_TOKEN, batch(events));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return json(response).get("added").asInt();
    }

    static long rawEvents(String collection) throws SQLException {
        return single("SELECT count(*) FROM download_event WHERE collection = ?", collection)
                .getFirst();
    }

    /**
     * downloads, bytes, from peers, from mirrors, from origin: summed over the collection's rollup rows, once none of
     * its batches waits for them; the smaller rollups must say the same.
     */
    static List<Long> rollup(String collection) throws Exception {
        Await.until(
                () -> {
                    try {
                        return single("SELECT count(*) FROM ingested_batch WHERE ? = ANY (collection)", collection)
                                        .getFirst()
                                == 0;
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                },
                Duration.ofSeconds(30));
        List<Long> full = single(
                "SELECT coalesce(sum(downloads), 0), coalesce(sum(bytes), 0), coalesce(sum(bytes_from_peers), 0),"
                        + " coalesce(sum(bytes_from_mirrors), 0), coalesce(sum(bytes_from_origin), 0)"
                        + " FROM daily_totals WHERE collection = ?",
                collection);
        assertThat(single(
                        "SELECT coalesce(sum(downloads), 0), coalesce(sum(bytes), 0) FROM daily_downloads"
                                + " WHERE collection = ?",
                        collection))
                .as("daily_downloads")
                .isEqualTo(full.subList(0, 2));
        assertThat(single(
                        "SELECT coalesce(sum(downloads), 0), coalesce(sum(bytes), 0) FROM daily_file_totals"
                                + " WHERE collection = ?",
                        collection))
                .as("daily_file_totals")
                .isEqualTo(full.subList(0, 2));
        assertThat(single(
                        "SELECT coalesce(sum(downloads), 0), coalesce(sum(bytes), 0) FROM monthly_file_totals"
                                + " WHERE collection = ?",
                        collection))
                .as("monthly_file_totals")
                .isEqualTo(full.subList(0, 2));
        return full;
    }

    private static List<String> regions(String collection) throws SQLException {
        try (Connection connection = DATABASE.connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT DISTINCT region FROM download_event WHERE collection = ? ORDER BY region")) {
            statement.setString(1, collection);
            List<String> regions = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    regions.add(result.getString(1));
                }
            }
            return regions;
        }
    }

    private static List<Long> single(String sql, String collection) throws SQLException {
        try (Connection connection = DATABASE.connect();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, collection);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                List<Long> values = new ArrayList<>();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    values.add(result.getLong(i));
                }
                return values;
            }
        }
    }
}
