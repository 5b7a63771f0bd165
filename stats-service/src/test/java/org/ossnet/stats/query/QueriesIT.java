package org.ossnet.stats.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.stats.EventJson.batch;
import static org.ossnet.stats.EventJson.event;
import static org.ossnet.stats.EventJson.inRegion;
import static org.ossnet.stats.EventJson.withBytes;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.stats.StatsIntegrationTest;
import org.ossnet.testsupport.http.HttpProbe;
import org.ossnet.testsupport.http.HttpProbe.Response;
import tools.jackson.databind.JsonNode;

/**
 * Every query over one small collection, from Saturday 30 May to Tuesday 2 June 2026 (a week and a month boundary
 * between Sunday and Monday): seven downloads by people, one mirror sync.
 */
class QueriesIT extends StatsIntegrationTest {

    static final String COLLECTION = newCollection();
    static final String COMMA_PATH = "dir/with,comma \"q\".iso";
    static final List<DownloadEvent> EVENTS = List.of(
            event(COLLECTION, "a.iso", 1, "get", at("2026-05-30T08:00:00Z")),
            event(COLLECTION, "a.iso", 1, "get", at("2026-05-30T23:59:59Z")),
            event(COLLECTION, "a.iso", 1, "mirror", at("2026-05-30T12:00:00Z")),
            inRegion(
                    withBytes(event(COLLECTION, "b.iso", 2, "get", at("2026-05-31T10:00:00Z")), 2000, 0, 0, 2000),
                    "us"),
            event(COLLECTION, "a.iso", 2, "bittorrent:libtorrent", at("2026-06-01T00:00:00Z")),
            inRegion(event(COLLECTION, "b.iso", 2, "proxy", at("2026-06-01T12:00:00Z")), null),
            event(COLLECTION, COMMA_PATH, 2, "get", at("2026-06-02T09:00:00Z")),
            event(COLLECTION, "a.iso", 2, "get", at("2026-06-02T10:00:00Z")),
            event(COLLECTION, "a.iso", 1, "get", at("2026-06-02T11:00:00Z")));

    static final String RANGE = "collection=" + encode(COLLECTION) + "&from=2026-05-30&to=2026-06-02";

    @BeforeEach
    void storeTheDataset() throws IOException {
        // Idempotent: every test after the first adds nothing.
        assertThat(postEventsCounted(INGEST_TOKEN, batch(EVENTS)).status()).isEqualTo(200);
    }

    @Test
    void countsPeoplesDownloadsPerDayLeavingMirrorSyncsOut() throws IOException {
        assertThat(rows("/api/v1/downloads?" + RANGE))
                .isEqualTo("[{\"period\":\"2026-05-30\",\"downloads\":2,\"bytes\":2000},"
                        + "{\"period\":\"2026-05-31\",\"downloads\":1,\"bytes\":2000},"
                        + "{\"period\":\"2026-06-01\",\"downloads\":2,\"bytes\":2000},"
                        + "{\"period\":\"2026-06-02\",\"downloads\":3,\"bytes\":3000}]");
        assertThat(rows("/api/v1/downloads?" + RANGE + "&clientKind=mirror"))
                .isEqualTo("[{\"period\":\"2026-05-30\",\"downloads\":1,\"bytes\":1000}]");
    }

    @Test
    void bucketsWeeksFromMondayAndMonthsFromTheFirst() throws IOException {
        assertThat(rows("/api/v1/downloads?" + RANGE + "&granularity=week"))
                .isEqualTo("[{\"period\":\"2026-05-25\",\"downloads\":3,\"bytes\":4000},"
                        + "{\"period\":\"2026-06-01\",\"downloads\":5,\"bytes\":5000}]");
        assertThat(rows("/api/v1/downloads?" + RANGE + "&granularity=month"))
                .isEqualTo("[{\"period\":\"2026-05-01\",\"downloads\":3,\"bytes\":4000},"
                        + "{\"period\":\"2026-06-01\",\"downloads\":5,\"bytes\":5000}]");
        // Only days in the range count, even in a period that starts before it.
        assertThat(rows("/api/v1/downloads?collection=" + encode(COLLECTION)
                        + "&from=2026-05-31&to=2026-06-01&granularity=month"))
                .isEqualTo("[{\"period\":\"2026-05-01\",\"downloads\":1,\"bytes\":2000},"
                        + "{\"period\":\"2026-06-01\",\"downloads\":2,\"bytes\":2000}]");
    }

    @Test
    void groupsByTheDimensionsAskedFor() throws IOException {
        assertThat(rows("/api/v1/downloads?" + RANGE + "&granularity=month&groupBy=version,region"))
                .isEqualTo(
                        "[{\"period\":\"2026-05-01\",\"version\":1,\"region\":\"eu\",\"downloads\":2,\"bytes\":2000},"
                                + "{\"period\":\"2026-05-01\",\"version\":2,\"region\":\"us\",\"downloads\":1,\"bytes\":2000},"
                                + "{\"period\":\"2026-06-01\",\"version\":1,\"region\":\"eu\",\"downloads\":1,\"bytes\":1000},"
                                + "{\"period\":\"2026-06-01\",\"version\":2,\"region\":\"default\",\"downloads\":1,\"bytes\":1000},"
                                + "{\"period\":\"2026-06-01\",\"version\":2,\"region\":\"eu\",\"downloads\":3,\"bytes\":3000}]");
    }

    @Test
    void writesEveryQueryAsCsvWithAHeaderAndRfc4180Quoting() throws IOException {
        Response csv = query("/api/v1/downloads?" + RANGE + "&granularity=month&groupBy=clientKind,path", "text/csv");
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body())
                .isEqualTo("period,path,clientKind,downloads,bytes\r\n"
                        + "2026-05-01,a.iso,get,2,2000\r\n"
                        + "2026-05-01,b.iso,get,1,2000\r\n"
                        + "2026-06-01,a.iso,bittorrent:libtorrent,1,1000\r\n"
                        + "2026-06-01,a.iso,get,2,2000\r\n"
                        + "2026-06-01,b.iso,proxy,1,1000\r\n"
                        + "2026-06-01,\"dir/with,comma \"\"q\"\".iso\",get,1,1000\r\n");
        assertThat(query("/api/v1/downloads/top?" + RANGE, "text/csv").body())
                .isEqualTo("rank,path,downloads,bytes\r\n1,a.iso,5,5000\r\n2,b.iso,2,3000\r\n"
                        + "3,\"dir/with,comma \"\"q\"\".iso\",1,1000\r\n");
        assertThat(query(
                                "/api/v1/versions/adoption?collection=" + encode(COLLECTION)
                                        + "&from=2026-06-02&to=2026-06-02",
                                "text/csv")
                        .body())
                .isEqualTo("day,version,downloads,share\r\n2026-06-02,1,1,0.333333\r\n2026-06-02,2,2,0.666667\r\n");
        assertThat(query("/api/v1/bytes-by-source?" + RANGE + "&granularity=month", "text/csv")
                        .body())
                .isEqualTo("period,bytes,bytesFromPeers,bytesFromMirrors,bytesFromOrigin,savedFraction\r\n"
                        + "2026-05-01,5000,1800,900,2300,0.540000\r\n"
                        + "2026-06-01,5000,3000,1500,500,0.900000\r\n");
    }

    @Test
    void pagesDownloadsPerDayAndFileInKeyOrderWithTheirTotal() throws IOException {
        // Answered from daily_file_totals without grouping: one row per day and file is already there.
        JsonNode second = json(query("/api/v1/downloads?" + RANGE + "&groupBy=path&size=4&page=1", "application/json"));
        assertThat(second.get("total").asLong()).isEqualTo(6);
        assertThat(second.get("rows").toString())
                .isEqualTo("[{\"period\":\"2026-06-02\",\"path\":\"a.iso\",\"downloads\":2,\"bytes\":2000},"
                        + "{\"period\":\"2026-06-02\",\"path\":\"dir/with,comma \\\"q\\\".iso\",\"downloads\":1,"
                        + "\"bytes\":1000}]");
        JsonNode first = json(query("/api/v1/downloads?" + RANGE + "&groupBy=path&size=4", "application/json"));
        assertThat(first.get("rows").toString())
                .isEqualTo("[{\"period\":\"2026-05-30\",\"path\":\"a.iso\",\"downloads\":2,\"bytes\":2000},"
                        + "{\"period\":\"2026-05-31\",\"path\":\"b.iso\",\"downloads\":1,\"bytes\":2000},"
                        + "{\"period\":\"2026-06-01\",\"path\":\"a.iso\",\"downloads\":1,\"bytes\":1000},"
                        + "{\"period\":\"2026-06-01\",\"path\":\"b.iso\",\"downloads\":1,\"bytes\":1000}]");
        assertThat(rows("/api/v1/downloads?" + RANGE + "&groupBy=path&clientKind=mirror"))
                .isEqualTo("[{\"period\":\"2026-05-30\",\"path\":\"a.iso\",\"downloads\":1,\"bytes\":1000}]");
    }

    @Test
    void pagesWithATotalAndALinkToTheNextPage() throws IOException {
        Response first = query("/api/v1/downloads?" + RANGE + "&size=3", "application/json");
        JsonNode page = json(first);
        assertThat(page.get("total").asLong()).isEqualTo(4);
        assertThat(page.get("rows").size()).isEqualTo(3);
        String next = page.get("next").asString();
        assertThat(next).endsWith("&size=3&page=1");
        assertThat(first.header("Link")).isEqualTo("<" + next + ">; rel=\"next\"");
        Response second = HttpProbe.get(
                java.net.URI.create(
                        next.replaceFirst("^http://localhost:\\d+", baseUrl().toString())),
                Map.of("Authorization", "Bearer " + READ_TOKEN));
        JsonNode last = json(second);
        assertThat(last.get("rows").toString())
                .isEqualTo("[{\"period\":\"2026-06-02\",\"downloads\":3,\"bytes\":3000}]");
        assertThat(last.get("next").isNull()).isTrue();
        assertThat(second.header("Link")).isEmpty();
    }

    @Test
    void ranksTopFilesAndSharesVersionsPerDay() throws IOException {
        assertThat(rows("/api/v1/downloads/top?" + RANGE + "&limit=2"))
                .isEqualTo("[{\"rank\":1,\"path\":\"a.iso\",\"downloads\":5,\"bytes\":5000},"
                        + "{\"rank\":2,\"path\":\"b.iso\",\"downloads\":2,\"bytes\":3000}]");
        assertThat(rows("/api/v1/versions/adoption?" + RANGE))
                .isEqualTo("[{\"day\":\"2026-05-30\",\"version\":1,\"downloads\":2,\"share\":1.0},"
                        + "{\"day\":\"2026-05-31\",\"version\":2,\"downloads\":1,\"share\":1.0},"
                        + "{\"day\":\"2026-06-01\",\"version\":2,\"downloads\":2,\"share\":1.0},"
                        + "{\"day\":\"2026-06-02\",\"version\":1,\"downloads\":1,\"share\":0.333333},"
                        + "{\"day\":\"2026-06-02\",\"version\":2,\"downloads\":2,\"share\":0.666667}]");
        assertThat(rows("/api/v1/bytes-by-source?collection=" + encode(COLLECTION) + "&from=2026-05-31&to=2026-05-31"))
                .isEqualTo("[{\"period\":\"2026-05-31\",\"bytes\":2000,\"bytesFromPeers\":0,\"bytesFromMirrors\":0,"
                        + "\"bytesFromOrigin\":2000,\"savedFraction\":0.0}]");
    }

    @Test
    void sumsPerFileRangesFromWholeMonthsLessTheDaysOutsideThem() throws IOException {
        // 2 May to 2 June reads May's monthly row less 1 May, and 1-2 June from the daily rows: c.iso, downloaded only
        // on 1 May, sums to nothing and is not listed.
        String collection = newCollection();
        List<DownloadEvent> events = List.of(
                event(collection, "a.iso", 1, "get", at("2026-05-01T10:00:00Z")),
                event(collection, "c.iso", 1, "get", at("2026-05-01T11:00:00Z")),
                event(collection, "a.iso", 1, "get", at("2026-05-15T10:00:00Z")),
                event(collection, "b.iso", 1, "mirror", at("2026-05-20T10:00:00Z")),
                event(collection, "a.iso", 2, "get", at("2026-06-02T10:00:00Z")));
        assertThat(postEventsCounted(INGEST_TOKEN, batch(events)).status()).isEqualTo(200);
        String range = "collection=" + encode(collection) + "&from=2026-05-02&to=2026-06-02";
        assertThat(rows("/api/v1/downloads/top?" + range))
                .isEqualTo("[{\"rank\":1,\"path\":\"a.iso\",\"downloads\":2,\"bytes\":2000}]");
        assertThat(rows("/api/v1/downloads?" + range + "&granularity=month&groupBy=path"))
                .isEqualTo("[{\"period\":\"2026-05-01\",\"path\":\"a.iso\",\"downloads\":1,\"bytes\":1000},"
                        + "{\"period\":\"2026-06-01\",\"path\":\"a.iso\",\"downloads\":1,\"bytes\":1000}]");
        assertThat(rows("/api/v1/downloads/top?" + range + "&clientKind=mirror"))
                .isEqualTo("[{\"rank\":1,\"path\":\"b.iso\",\"downloads\":1,\"bytes\":1000}]");
        assertThat(rows("/api/v1/downloads/top?collection=" + encode(collection) + "&from=2026-05-01&to=2026-05-31"))
                .isEqualTo("[{\"rank\":1,\"path\":\"a.iso\",\"downloads\":2,\"bytes\":2000},"
                        + "{\"rank\":2,\"path\":\"c.iso\",\"downloads\":1,\"bytes\":1000}]");
    }

    @Test
    void refusesABadParameterNamingIt() throws IOException {
        String base = "/api/v1/downloads?collection=" + encode(COLLECTION);
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("/api/v1/downloads?from=2026-05-30", "collection");
        cases.put("/api/v1/downloads?collection=nope", "collection");
        cases.put(base + "&from=2026-13-01", "from");
        cases.put(base + "&to=yesterday", "to");
        cases.put(base + "&from=2026-06-02&to=2026-05-30", "from");
        cases.put(base + "&from=2020-01-01&to=2026-01-01", "from");
        cases.put(base + "&granularity=year", "granularity");
        cases.put(base + "&groupBy=path,colour", "groupBy");
        cases.put(base + "&clientKind=robot", "clientKind");
        cases.put(base + "&size=1001", "size");
        cases.put(base + "&page=-1", "page");
        cases.put(base + "&granularty=week", "granularty");
        cases.put(base + "&size=1&size=2", "size");
        cases.put("/api/v1/downloads/top?collection=" + encode(COLLECTION) + "&limit=0", "limit");
        cases.put("/api/v1/versions/adoption?collection=" + encode(COLLECTION) + "&granularity=week", "granularity");
        cases.put("/api/v1/bytes-by-source?collection=" + encode(COLLECTION) + "&granularity=hour", "granularity");
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            for (String accept : List.of("application/json", "text/csv")) {
                Response response = query(bad.getKey(), accept);
                assertThat(response.status())
                        .as(bad.getKey() + " " + response.body())
                        .isEqualTo(400);
                assertThat(response.contentType()).startsWith("application/problem+json");
                assertThat(json(response).get("field").asString())
                        .as(bad.getKey())
                        .isEqualTo(bad.getValue());
            }
        }
    }

    @Test
    void answersOnlyCallersWithTheReadRole() throws IOException {
        Response forbidden = HttpProbe.get(
                baseUrl().resolve("/api/v1/downloads?" + RANGE), Map.of("Authorization", "Bearer " + INGEST_TOKEN));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(HttpProbe.get(baseUrl().resolve("/api/v1/downloads/top?" + RANGE))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void describesEveryEndpointInOpenApi() throws IOException {
        JsonNode paths = json(HttpProbe.get(baseUrl().resolve("/v3/api-docs"))).get("paths");
        for (String path : List.of(
                "/api/v1/events",
                "/api/v1/downloads",
                "/api/v1/downloads/top",
                "/api/v1/versions/adoption",
                "/api/v1/bytes-by-source")) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
        assertThat(paths.get("/api/v1/downloads").get("get").get("parameters").toString())
                .contains("\"groupBy\"", "\"granularity\"", "\"page\"");
    }

    /** The rows as JSON text; numbers as Jackson reads them back, so 1.000000 shows as 1.0. */
    private String rows(String pathAndQuery) throws IOException {
        Response response = query(pathAndQuery, "application/json");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return json(response).get("rows").toString();
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
