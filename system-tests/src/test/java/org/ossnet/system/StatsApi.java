package org.ossnet.system;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ossnet.testsupport.http.HttpProbe;
import org.ossnet.testsupport.local.LocalNetwork;
import org.ossnet.testsupport.local.ServiceKind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * stats-service's QA API as the system tests read it: downloads of one collection from yesterday to tomorrow (UTC, so
 * a test running across midnight still sees all of its events), grouped by the dimensions asked for and summed over
 * the days, every page read.
 */
final class StatsApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final String token;

    StatsApi(LocalNetwork network) {
        this.base = network.url(ServiceKind.STATS);
        this.token = network.statsReadToken();
    }

    /**
     * Downloads per key: the values of {@code groupBy}'s dimensions joined by {@code |} in the order given, for the
     * client kinds listed (comma-separated; every kind, mirror syncs included, when {@code kinds} is "all").
     */
    Map<String, Long> downloads(String collection, String groupBy, String kinds) throws IOException {
        return sum(collection, "/api/v1/downloads", groupBy, kinds, "downloads");
    }

    /** Bytes received per key, as {@link #downloads}. */
    Map<String, Long> bytes(String collection, String groupBy, String kinds) throws IOException {
        return sum(collection, "/api/v1/downloads", groupBy, kinds, "bytes");
    }

    /** The sums of bytes-by-source's columns (bytes, bytesFromPeers, bytesFromMirrors, bytesFromOrigin). */
    Map<String, Long> bytesBySource(String collection, String kinds) throws IOException {
        Map<String, Long> sums = new TreeMap<>();
        for (JsonNode row : rows(collection, "/api/v1/bytes-by-source", null, kinds)) {
            for (String column : List.of("bytes", "bytesFromPeers", "bytesFromMirrors", "bytesFromOrigin")) {
                sums.merge(column, row.path(column).asLong(), Long::sum);
            }
        }
        return sums;
    }

    /** Every download of the collection, mirror syncs included. */
    long total(String collection) throws IOException {
        return downloads(collection, "clientKind", "all").values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    private Map<String, Long> sum(String collection, String path, String groupBy, String kinds, String column)
            throws IOException {
        Map<String, Long> sums = new TreeMap<>();
        for (JsonNode row : rows(collection, path, groupBy, kinds)) {
            List<String> key = new ArrayList<>();
            for (String dimension : groupBy.split(",")) {
                key.add(row.path(dimension).asString());
            }
            sums.merge(String.join("|", key), row.path(column).asLong(), Long::sum);
        }
        return sums;
    }

    private List<JsonNode> rows(String collection, String path, String groupBy, String kinds) throws IOException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String query = "collection=" + URLEncoder.encode(collection, StandardCharsets.UTF_8) + "&from="
                + today.minusDays(1) + "&to=" + today.plusDays(1) + "&granularity=month&size=1000"
                + (groupBy == null ? "" : "&groupBy=" + groupBy)
                + (kinds.equals("all") ? "&clientKind=" + ALL_KINDS : "&clientKind=" + kinds);
        List<JsonNode> rows = new ArrayList<>();
        for (int page = 0; ; page++) {
            HttpProbe.Response response = HttpProbe.get(
                    URI.create(base + path + "?" + query + "&page=" + page),
                    Map.of("Authorization", "Bearer " + token));
            if (response.status() != 200) {
                throw new IOException(path + " answered " + response.status() + ": " + response.body());
            }
            JsonNode body = JSON.readTree(response.body());
            body.path("rows").forEach(rows::add);
            if (body.path("next").isNull() || body.path("next").isMissingNode()) {
                return rows;
            }
        }
    }

    /** The kinds the tests' events use, mirror syncs included. */
    static final String ALL_KINDS = "get,mirror,proxy,cache,bittorrent:libtorrent,bittorrent:aria2,bittorrent:other";
}
