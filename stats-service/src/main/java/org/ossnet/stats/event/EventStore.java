package org.ossnet.stats.event;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.ossnet.core.api.DownloadEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Stores new download events and queues them for the rollups in one SQL statement, hence one transaction: the events
 * enter {@code event_seen} (the id decides, and an id already there is skipped), only the ones that entered are
 * written to {@code download_event}, and only those are appended to {@code rollup_queue}, which {@link Rollups}
 * drains into the rollups. A retried batch, a batch racing another with the same ids, or a re-run after a failure
 * therefore never adds anything twice.
 *
 * <p>The batch travels as one array per column ({@code unnest}): the bulk form of a JDBC batch, one round trip
 * whatever the batch size, which unlike a batch of single inserts can also say which ids were new. Rows are inserted
 * in key order, so two batches that overlap lock their common ids in the same order and cannot deadlock each other.
 */
@Component
class EventStore {

    private static final String INSERT = """
            WITH incoming (event_id, collection, snapshot_version, file_path, bytes, bytes_from_peers,
                           bytes_from_mirrors, bytes_from_origin, region, client_kind, duration_ms, completed_at) AS (
                SELECT * FROM unnest(?::uuid[], ?::text[], ?::bigint[], ?::text[], ?::bigint[], ?::bigint[],
                                     ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::timestamptz[])
            ), fresh AS (
                INSERT INTO event_seen (event_id, completed_at)
                SELECT event_id, completed_at FROM incoming ORDER BY event_id
                ON CONFLICT (event_id) DO NOTHING
                RETURNING event_id
            ), stored AS (
                INSERT INTO download_event (event_id, collection, snapshot_version, file_path, bytes, bytes_from_peers,
                                            bytes_from_mirrors, bytes_from_origin, region, client_kind, duration_ms,
                                            completed_at)
                SELECT i.* FROM incoming i JOIN fresh f USING (event_id)
                RETURNING collection, snapshot_version, file_path, region, client_kind, bytes, bytes_from_peers,
                          bytes_from_mirrors, bytes_from_origin, completed_at
            ), queued AS (
                INSERT INTO rollup_queue (day, collection, snapshot_version, file_path, region, client_kind, bytes,
                                          bytes_from_peers, bytes_from_mirrors, bytes_from_origin)
                SELECT (completed_at AT TIME ZONE 'UTC')::date, collection, snapshot_version, file_path, region,
                       client_kind, bytes, bytes_from_peers, bytes_from_mirrors, bytes_from_origin
                FROM stored
            )
            SELECT count(*) FROM fresh
            """;

    private final JdbcTemplate jdbc;

    EventStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores the events whose ids are not stored yet and returns how many that was. The ids must be distinct; the
     * partitions for their months must exist.
     */
    int storeNew(Collection<DownloadEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        List<DownloadEvent> list = List.copyOf(events);
        Integer added = jdbc.execute(
                (Connection connection) -> {
                    PreparedStatement statement = connection.prepareStatement(INSERT);
                    int i = 1;
                    statement.setArray(i++, array(connection, list, DownloadEvent::eventId));
                    statement.setArray(i++, array(connection, list, DownloadEvent::collection));
                    statement.setArray(i++, array(connection, list, DownloadEvent::version));
                    statement.setArray(i++, array(connection, list, DownloadEvent::path));
                    statement.setArray(i++, array(connection, list, DownloadEvent::bytes));
                    statement.setArray(i++, array(connection, list, DownloadEvent::bytesFromPeers));
                    statement.setArray(i++, array(connection, list, DownloadEvent::bytesFromMirrors));
                    statement.setArray(i++, array(connection, list, DownloadEvent::bytesFromOrigin));
                    statement.setArray(i++, array(connection, list, DownloadEvent::region));
                    statement.setArray(i++, array(connection, list, DownloadEvent::clientKind));
                    statement.setArray(i++, array(connection, list, DownloadEvent::durationMs));
                    statement.setArray(i, array(connection, list, DownloadEvent::completedAt));
                    return statement;
                },
                (PreparedStatement statement) -> {
                    try (var result = statement.executeQuery()) {
                        result.next();
                        return result.getInt(1);
                    }
                });
        return added == null ? 0 : added;
    }

    /**
     * One column as a text array, which the statement casts to the column's type: the server parses the values, so no
     * JVM time zone or driver conversion can shift a timestamp on its way.
     */
    private static Array array(Connection connection, List<DownloadEvent> events, Function<DownloadEvent, ?> column)
            throws SQLException {
        return connection.createArrayOf(
                "text", events.stream().map(column).map(String::valueOf).toArray());
    }
}
