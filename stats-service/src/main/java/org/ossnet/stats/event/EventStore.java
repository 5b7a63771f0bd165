package org.ossnet.stats.event;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.ossnet.core.api.DownloadEvent;
import org.postgresql.PGConnection;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores one batch of new download events in one transaction and lists it for the rollups.
 *
 * <p>First as if every event were new, which is what nearly every batch is: its ids are {@code COPY}ed straight into
 * {@code event_seen}, its rows straight into {@code download_event} (the partitioned table routes each), and the
 * rollup columns are listed from here. An id stored before, or one a concurrent batch is storing, fails {@code
 * event_seen}'s key; that rolls the whole transaction back, and the batch is stored again the careful way:
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
 * Measured on the stats bench, the careful way cost PostgreSQL about twice the CPU per event of the first (the
 * temporary table, the probe and the joins). A retried batch, or a re-run after a failure, therefore adds nothing
 * twice. Two transactions storing the same new id
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

    /** The first way's listing: the rollup columns put together here, every event being new. */
    private static final String LIST = """
            INSERT INTO ingested_batch (events, day, collection, snapshot_version, file_path, region, client_kind,
                                        bytes, bytes_from_peers, bytes_from_mirrors, bytes_from_origin)
            VALUES (?, ?::date[], ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

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
        byte[] rows = CopyRows.events(events);
        if (!afterRace) {
            try {
                return storeAllNew(events, rows);
            } catch (DuplicateKeyException e) {
                // an id stored before or by a concurrent batch, committed by now: the careful way skips it
            }
        }
        Integer added = transactions.execute(status -> jdbc.execute((ConnectionCallback<Integer>) connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(INCOMING);
            }
            copy(connection, "COPY incoming FROM STDIN", rows);
            try (PreparedStatement statement = connection.prepareStatement(afterRace ? STORE_AFTER_RACE : STORE_FIRST);
                    var result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }));
        return added == null ? 0 : added;
    }

    /** Stores the events as all new; fails with a unique violation, having stored nothing, if one is not. */
    private int storeAllNew(Collection<DownloadEvent> events, byte[] rows) {
        List<DownloadEvent> byId = events.stream().sorted(CopyRows.BY_ID).toList();
        transactions.executeWithoutResult(status -> jdbc.execute((ConnectionCallback<Void>) connection -> {
            copy(connection, "COPY event_seen (event_id, completed_at) FROM STDIN", CopyRows.seen(byId));
            copy(connection, "COPY download_event (" + CopyRows.EVENT_COLUMNS + ") FROM STDIN", rows);
            try (PreparedStatement statement = connection.prepareStatement(LIST)) {
                int n = events.size();
                String[] day = new String[n];
                String[] collection = new String[n];
                Long[] version = new Long[n];
                String[] path = new String[n];
                String[] region = new String[n];
                String[] kind = new String[n];
                Long[][] bytes = new Long[4][n];
                int i = 0;
                for (DownloadEvent e : events) {
                    day[i] =
                            LocalDate.ofInstant(e.completedAt(), ZoneOffset.UTC).toString();
                    collection[i] = e.collection();
                    version[i] = e.version();
                    path[i] = e.path();
                    region[i] = e.region();
                    kind[i] = e.clientKind();
                    bytes[0][i] = e.bytes();
                    bytes[1][i] = e.bytesFromPeers();
                    bytes[2][i] = e.bytesFromMirrors();
                    bytes[3][i++] = e.bytesFromOrigin();
                }
                statement.setInt(1, n);
                statement.setArray(2, connection.createArrayOf("text", day));
                statement.setArray(3, connection.createArrayOf("text", collection));
                statement.setArray(4, connection.createArrayOf("int8", version));
                statement.setArray(5, connection.createArrayOf("text", path));
                statement.setArray(6, connection.createArrayOf("text", region));
                statement.setArray(7, connection.createArrayOf("text", kind));
                for (int column = 0; column < 4; column++) {
                    statement.setArray(8 + column, connection.createArrayOf("int8", bytes[column]));
                }
                statement.executeUpdate();
            }
            return null;
        }));
        return events.size();
    }

    private static void copy(Connection connection, String sql, byte[] rows) throws SQLException {
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new ByteArrayInputStream(rows));
        } catch (java.io.IOException e) {
            throw new SQLException("Could not copy the batch to the database", e);
        }
    }
}
