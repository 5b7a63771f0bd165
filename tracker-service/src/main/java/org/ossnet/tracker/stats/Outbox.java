package org.ossnet.tracker.stats;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.ossnet.core.api.DownloadEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code stats_outbox} table: download events accepted here and not yet acknowledged by stats-service, oldest
 * first, and the ones stats-service refused, parked with the reason.
 */
@Repository
class Outbox {

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final JsonMapper json;

    Outbox(JdbcClient jdbc, JdbcTemplate batches, JsonMapper json) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.json = json;
    }

    /**
     * An event waiting to be forwarded.
     *
     * @param seq its place in enqueue order
     * @param event the event as it will be sent
     */
    record Queued(long seq, DownloadEvent event) {}

    /**
     * What waits in the outbox.
     *
     * @param depth events waiting to be forwarded (parked ones not counted)
     * @param oldest when the oldest of them was queued, or {@code null} when none waits
     * @param parked events stats-service refused, kept for an operator
     */
    record Backlog(long depth, Instant oldest, long parked) {

        static final Backlog EMPTY = new Backlog(0, null, 0);
    }

    /**
     * Queues events in one transaction; an event whose id is already queued (a reporter's retry, the same completion
     * announced twice) is left as it is. Returns how many were new.
     */
    @Transactional
    int enqueue(List<DownloadEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        int[][] counts = batches.batchUpdate(
                "INSERT INTO stats_outbox (event_id, event) VALUES (?, ?::jsonb) ON CONFLICT (event_id) DO NOTHING",
                events,
                500,
                (statement, event) -> {
                    statement.setObject(1, event.eventId());
                    statement.setString(2, json.writeValueAsString(event));
                });
        int added = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                added += Math.max(count, 0);
            }
        }
        return added;
    }

    /** The oldest events waiting, at most {@code limit}, in enqueue order. */
    List<Queued> next(int limit) {
        return jdbc.sql("SELECT seq, event::text FROM stats_outbox WHERE failed_reason IS NULL ORDER BY seq LIMIT ?")
                .param(limit)
                .query((rs, n) -> new Queued(rs.getLong(1), json.readValue(rs.getString(2), DownloadEvent.class)))
                .list();
    }

    /** Removes events stats-service has acknowledged. */
    void delete(Collection<UUID> ids) {
        jdbc.sql("DELETE FROM stats_outbox WHERE event_id = ANY (?::uuid[])")
                .param(ids.stream().map(UUID::toString).toArray(String[]::new))
                .update();
    }

    /** Parks an event stats-service refused: it stays for an operator to read, and is sent no more. */
    void park(UUID id, String reason, Instant at) {
        jdbc.sql("UPDATE stats_outbox SET failed_reason = ?, failed_at = ? WHERE event_id = ?")
                .params(reason, Timestamp.from(at), id)
                .update();
    }

    Backlog backlog() {
        return jdbc.sql("SELECT count(*) FILTER (WHERE failed_reason IS NULL),"
                        + " min(enqueued_at) FILTER (WHERE failed_reason IS NULL),"
                        + " count(*) FILTER (WHERE failed_reason IS NOT NULL) FROM stats_outbox")
                .query((rs, n) -> {
                    Timestamp oldest = rs.getTimestamp(2);
                    return new Backlog(rs.getLong(1), oldest == null ? null : oldest.toInstant(), rs.getLong(3));
                })
                .single();
    }
}
