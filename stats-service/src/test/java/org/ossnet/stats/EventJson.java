package org.ossnet.stats;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.api.DownloadEventBatch;

/** Download events for tests: a valid one to start from, and batches as the JSON a reporter sends. */
public final class EventJson {

    private EventJson() {}

    /** A valid event of {@code collection}: 1000 bytes, 600 from peers, 300 from mirrors, 100 from the origin. */
    public static DownloadEvent event(String collection, String path, long version, String clientKind, Instant at) {
        return new DownloadEvent(
                UUID.randomUUID(), collection, version, path, 1000L, 600L, 300L, 100L, "eu", clientKind, 1500L, at);
    }

    /** The same event with other byte counts. */
    public static DownloadEvent withBytes(DownloadEvent e, long bytes, long peers, long mirrors, long origin) {
        return new DownloadEvent(
                e.eventId(),
                e.collection(),
                e.version(),
                e.path(),
                bytes,
                peers,
                mirrors,
                origin,
                e.region(),
                e.clientKind(),
                e.durationMs(),
                e.completedAt());
    }

    /** The same event in another region (null for the default). */
    public static DownloadEvent inRegion(DownloadEvent e, String region) {
        return e.withRegion(region);
    }

    /** The batch as JSON. */
    public static String batch(List<DownloadEvent> events) {
        return StatsIntegrationTest.JSON.writeValueAsString(new DownloadEventBatch(events));
    }

    /** The batch as JSON with one member of one event replaced by raw JSON text (or removed, for null). */
    public static String batchWith(List<DownloadEvent> events, int index, String member, String rawValue) {
        List<Map<String, Object>> maps = events.stream()
                .map(e -> StatsIntegrationTest.JSON.convertValue(e, Map.class))
                .map(m -> (Map<String, Object>) new java.util.LinkedHashMap<String, Object>(m))
                .collect(Collectors.toList());
        Map<String, Object> target = maps.get(index);
        target.remove(member);
        String json = StatsIntegrationTest.JSON.writeValueAsString(Map.of("events", maps));
        if (rawValue == null) {
            return json;
        }
        // Append the member as raw text to the index-th event object.
        String marker = StatsIntegrationTest.JSON.writeValueAsString(target);
        String replaced = marker.substring(0, marker.length() - 1) + ",\"" + member + "\":" + rawValue + "}";
        return json.replace(marker, replaced);
    }
}
