package org.ossnet.stats.event;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import org.ossnet.core.api.DownloadEvent;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores one batch of new download events in one transaction and lists it for the rollups:
 *
 * <ol>
 *   <li>the batch is {@code COPY}ed into {@code incoming}, a temporary table of the connection emptied at every commit;
 *   <li>its ids not in {@code event_seen} yet enter it (the id decides; a plain insert behind a lookup of each id,
 *       which costs less than half of {@code ON CONFLICT DO NOTHING}). The lookup is a scalar subquery so that it
 *       stays one index probe per event: written as {@code NOT EXISTS}, the planner turns it into an anti-join that
 *       reads all of {@code event_seen} for every batch;
 *   <li>only those events are written to {@code download_event};
 *   <li>the batch is listed in {@code ingested_batch}, one row holding those events' rollup columns as arrays, which
 *       {@link Rollups} drains into the rollups.
 * </ol>
 *
 * A retried batch, or a re-run after a failure, therefore adds nothing twice. Two transactions storing the same new id
 * at once: the second waits on the first's key, then fails with a unique violation, and {@link Ingestion} runs it
 * again, when its lookup finds the id, and any id a third batch stores meanwhile is skipped ({@code ON CONFLICT DO
 * NOTHING}) rather than failing it once more. Rows enter in id order, so two batches that overlap take their common keys in
 * the same order and do not deadlock each other.
 */
@Component
class EventStore {

    private static final String INCOMING = """
            CREATE TEMPORARY TABLE IF NOT EXISTS incoming (
                event_id uuid, collection text, snapshot_version bigint, file_path text, bytes bigint,
                bytes_from_peers bigint, bytes_from_mirrors bigint, bytes_from_origin bigint, region text,
                client_kind text, duration_ms bigint, completed_at timestamptz
            ) ON COMMIT DELETE ROWS
            """;

    private static final String STORE = """
            WITH fresh AS (
                INSERT INTO event_seen (event_id, completed_at)
                SELECT event_id, completed_at FROM incoming i
                WHERE NOT (SELECT EXISTS (SELECT 1 FROM event_seen s WHERE s.event_id = i.event_id))
                ORDER BY event_id
                %s
                RETURNING event_id
            ), stored AS (
                INSERT INTO download_event (event_id, collection, snapshot_version, file_path, bytes, bytes_from_peers,
                                            bytes_from_mirrors, bytes_from_origin, region, client_kind, duration_ms,
                                            completed_at)
                SELECT i.* FROM incoming i JOIN fresh f USING (event_id)
                RETURNING collection, snapshot_version, file_path, region, client_kind, bytes, bytes_from_peers,
                          bytes_from_mirrors, bytes_from_origin, completed_at
            ), listed AS (
                INSERT INTO ingested_batch (events, day, collection, snapshot_version, file_path, region, client_kind,
                                            bytes, bytes_from_peers, bytes_from_mirrors, bytes_from_origin)
                SELECT count(*), array_agg((completed_at AT TIME ZONE 'UTC')::date), array_agg(collection),
                       array_agg(snapshot_version), array_agg(file_path), array_agg(region), array_agg(client_kind),
                       array_agg(bytes), array_agg(bytes_from_peers), array_agg(bytes_from_mirrors),
                       array_agg(bytes_from_origin)
                FROM stored HAVING count(*) > 0
            )
            SELECT count(*) FROM fresh
            """;

    /** The common case: a plain insert behind the lookup, which a concurrent batch's same new id makes fail. */
    private static final String STORE_FIRST = STORE.formatted("");

    /**
     * After a batch lost such a race: the same, but an id a concurrent batch stored meanwhile is skipped instead of
     * failing, so a batch that overlaps many others at once cannot lose again and again. Not the first choice, since
     * {@code ON CONFLICT}'s speculative insertion cost 2.4 times the plain insert's time per event.
     */
    private static final String STORE_AFTER_RACE = STORE.formatted("ON CONFLICT (event_id) DO NOTHING");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    EventStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Stores the events whose ids are not stored yet and returns how many that was. The ids must be distinct; the
     * partitions for their months must exist. {@code afterRace} skips ids a concurrent batch stores at the same time
     * instead of failing with a unique violation.
     */
    int storeNew(Collection<DownloadEvent> events, boolean afterRace) {
        if (events.isEmpty()) {
            return 0;
        }
        byte[] rows = copyText(events);
        Integer added = transactions.execute(status -> jdbc.execute((ConnectionCallback<Integer>) connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(INCOMING);
            }
            try {
                connection
                        .unwrap(PGConnection.class)
                        .getCopyAPI()
                        .copyIn("COPY incoming FROM STDIN", new ByteArrayInputStream(rows));
            } catch (java.io.IOException e) {
                throw new SQLException("Could not copy the batch to the database", e);
            }
            try (PreparedStatement statement = connection.prepareStatement(afterRace ? STORE_AFTER_RACE : STORE_FIRST);
                    var result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }));
        return added == null ? 0 : added;
    }

    /**
     * The events as {@code COPY}'s text format: one line each, tab-separated, in {@code incoming}'s column order. Text
     * is escaped as the format requires (validation has refused control characters in paths and regions already, and
     * PostgreSQL text cannot hold NUL); the server parses every value, so no JVM time zone can shift a timestamp.
     */
    private static byte[] copyText(Collection<DownloadEvent> events) {
        StringBuilder text = new StringBuilder(events.size() * 200);
        for (DownloadEvent e : events) {
            text.append(e.eventId()).append('\t');
            escaped(text, e.collection()).append('\t');
            text.append(e.version()).append('\t');
            escaped(text, e.path()).append('\t');
            text.append(e.bytes()).append('\t');
            text.append(e.bytesFromPeers()).append('\t');
            text.append(e.bytesFromMirrors()).append('\t');
            text.append(e.bytesFromOrigin()).append('\t');
            escaped(text, e.region()).append('\t');
            escaped(text, e.clientKind()).append('\t');
            text.append(e.durationMs()).append('\t');
            text.append(e.completedAt()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder escaped(StringBuilder text, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
        return text;
    }
}
