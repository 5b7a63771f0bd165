package org.ossnet.tracker.stats;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.tracker.system.TrackerProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox of download events on their way to stats-service: one {@code stats_outbox_batch} row per accepted batch,
 * holding its events as the JSON array they are forwarded in, oldest first; and {@code stats_outbox_parked}, the
 * events stats-service refused, with the reason.
 *
 * <p>A batch row is written once and deleted once stats-service acknowledged it; consecutive rows are joined into one
 * delivery without being parsed. The tracker does not drop a reporter's retry by id (stats-service counts each id once
 * whatever arrives twice); an id repeated within one batch is queued once.
 */
@Repository
class Outbox {

    private static final TypeReference<List<DownloadEvent>> EVENTS = new TypeReference<>() {};

    /** How many rows one look at the outbox reads at most; enough to fill any delivery of small batches. */
    private static final int ROWS_PER_LOOK = 200;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final OutboxVacuum vacuum;

    Outbox(
            JdbcClient jdbc,
            JsonMapper json,
            DataSource dataSource,
            TrackerProperties properties,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.vacuum = new OutboxVacuum(dataSource, properties.stats().outboxVacuumInterval(), meters);
    }

    /**
     * A batch row waiting to be forwarded.
     *
     * @param seq its place in enqueue order
     * @param events how many events it holds
     * @param body its events as a JSON array
     */
    record Queued(long seq, int events, String body) {}

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
     * Queues events in one transaction, at most {@code perRow} to a row, the first of each id in the list only.
     * Returns how many were queued.
     */
    @Transactional
    int enqueue(List<DownloadEvent> events, int perRow) {
        Map<UUID, DownloadEvent> distinct = new LinkedHashMap<>();
        events.forEach(event -> distinct.putIfAbsent(event.eventId(), event));
        List<DownloadEvent> queued = new ArrayList<>(distinct.values());
        for (int from = 0; from < queued.size(); from += perRow) {
            List<DownloadEvent> row = queued.subList(from, Math.min(queued.size(), from + perRow));
            jdbc.sql("INSERT INTO stats_outbox_batch (events, body) VALUES (?, ?)")
                    .params(row.size(), json.writeValueAsString(row))
                    .update();
        }
        return queued.size();
    }

    /**
     * The oldest rows waiting, in enqueue order, as many as together hold at most {@code limit} events (always at least
     * one row, however many it holds), leaving out the rows {@code taken} by deliveries in flight.
     */
    List<Queued> next(int limit, Collection<Long> taken) {
        // Counts first, bodies then only of the rows chosen: a body is a whole batch.
        List<long[]> counts = jdbc.sql(
                        "SELECT seq, events FROM stats_outbox_batch WHERE seq <> ALL (?) ORDER BY seq LIMIT ?")
                .params(taken.toArray(Long[]::new), ROWS_PER_LOOK)
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getInt(2)})
                .list();
        List<Long> chosen = new ArrayList<>();
        long events = 0;
        for (long[] row : counts) {
            if (!chosen.isEmpty() && events + row[1] > limit) {
                break;
            }
            chosen.add(row[0]);
            events += row[1];
        }
        if (chosen.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT seq, events, body FROM stats_outbox_batch WHERE seq = ANY (?) ORDER BY seq")
                .param(chosen.toArray(Long[]::new))
                .query((rs, n) -> new Queued(rs.getLong(1), rs.getInt(2), rs.getString(3)))
                .list();
    }

    /** The rows' events as one JSON request body, {@code {"events":[…]}}, joined without parsing them. */
    static String body(List<Queued> rows) {
        StringBuilder body =
                new StringBuilder(rows.stream().mapToInt(r -> r.body().length()).sum() + 16);
        body.append("{\"events\":[");
        for (int i = 0; i < rows.size(); i++) {
            String array = rows.get(i).body().strip();
            if (i > 0) {
                body.append(',');
            }
            body.append(array, 1, array.length() - 1);
        }
        return body.append("]}").toString();
    }

    /**
     * Removes rows stats-service has acknowledged, then vacuums the outbox if the last vacuum was
     * {@code outbox-vacuum-interval} ago ({@link OutboxVacuum}).
     */
    void delete(Collection<Long> seqs) {
        jdbc.sql("DELETE FROM stats_outbox_batch WHERE seq = ANY (?)")
                .param(seqs.toArray(Long[]::new))
                .update();
        vacuum.deleted();
    }

    /**
     * Parks the {@code index}-th event of {@code row} as it was sent, which stats-service refused: the event leaves its
     * row (the row goes when it held nothing else) for {@code stats_outbox_parked}, and is sent no more. It is found
     * again by id in the row as it is now, so another replica's parking meanwhile cannot make this one park a
     * neighbour. Returns the event, or empty when it is no longer queued.
     */
    @Transactional
    Optional<DownloadEvent> park(Queued row, int index, String reason, Instant at) {
        UUID id = json.readValue(row.body(), EVENTS).get(index).eventId();
        Optional<String> body = jdbc.sql("SELECT body FROM stats_outbox_batch WHERE seq = ? FOR UPDATE")
                .param(row.seq())
                .query(String.class)
                .optional();
        if (body.isEmpty()) {
            return Optional.empty();
        }
        List<DownloadEvent> events = new ArrayList<>(json.readValue(body.get(), EVENTS));
        Optional<DownloadEvent> bad =
                events.stream().filter(e -> e.eventId().equals(id)).findFirst();
        if (bad.isEmpty()) {
            return Optional.empty();
        }
        events.remove(bad.get());
        jdbc.sql(
                        "INSERT INTO stats_outbox_parked (event_id, event, failed_reason, failed_at) VALUES (?, ?::jsonb, ?, ?)")
                .params(id, json.writeValueAsString(bad.get()), reason, Timestamp.from(at))
                .update();
        if (events.isEmpty()) {
            jdbc.sql("DELETE FROM stats_outbox_batch WHERE seq = ?")
                    .param(row.seq())
                    .update();
        } else {
            jdbc.sql("UPDATE stats_outbox_batch SET events = ?, body = ? WHERE seq = ?")
                    .params(events.size(), json.writeValueAsString(events), row.seq())
                    .update();
        }
        return bad;
    }

    Backlog backlog() {
        return jdbc.sql("SELECT (SELECT coalesce(sum(events), 0) FROM stats_outbox_batch),"
                        + " (SELECT enqueued_at FROM stats_outbox_batch ORDER BY seq LIMIT 1),"
                        + " (SELECT count(*) FROM stats_outbox_parked)")
                .query((rs, n) -> {
                    Timestamp oldest = rs.getTimestamp(2);
                    return new Backlog(rs.getLong(1), oldest == null ? null : oldest.toInstant(), rs.getLong(3));
                })
                .single();
    }
}
