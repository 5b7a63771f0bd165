package org.ossnet.tracker.feed;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code snapshot_event} table. Plain JDBC: the rows are an append-only log read by a join, with no entity
 * life cycle for JPA to manage, and the release is one {@code INSERT … SELECT}.
 */
@Repository
class FeedEvents {

    /**
     * One event with its collection's name.
     *
     * @param id the event id
     * @param collectionId the collection
     * @param collection the collection's {@code ossnet://} name
     * @param version the snapshot version
     */
    record Row(long id, long collectionId, String collection, long version) {}

    private final JdbcClient jdbc;

    FeedEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Appends an event; the caller holds the publish lock, so ids follow commit order. */
    void append(long collectionId, long version) {
        jdbc.sql("INSERT INTO snapshot_event (collection_id, version) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(collectionId, version)
                .update();
    }

    /**
     * Appends an event for every embargoed snapshot whose embargo has passed by {@code now} (its release instant
     * included, as {@code EmbargoGate} rules) and that has none yet, oldest embargo first; the caller holds the
     * publish lock. Returns how many were appended.
     */
    int releasePassed(Instant now) {
        return jdbc.sql("INSERT INTO snapshot_event (collection_id, version)"
                        + " SELECT s.collection_id, s.version FROM snapshot s"
                        + " WHERE s.embargo_until IS NOT NULL AND s.embargo_until <= ?"
                        + " AND NOT EXISTS (SELECT 1 FROM snapshot_event e"
                        + " WHERE e.collection_id = s.collection_id AND e.version = s.version)"
                        + " ORDER BY s.embargo_until, s.collection_id, s.version")
                .param(Timestamp.from(now))
                .update();
    }

    /** Whether an embargoed snapshot has passed its embargo by {@code now} without entering the feed yet. */
    boolean hasUnreleased(Instant now) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM snapshot s WHERE s.embargo_until IS NOT NULL"
                        + " AND s.embargo_until <= ? AND NOT EXISTS (SELECT 1 FROM snapshot_event e"
                        + " WHERE e.collection_id = s.collection_id AND e.version = s.version))")
                .param(Timestamp.from(now))
                .query(Boolean.class)
                .single();
    }

    /** Up to {@code limit} events after {@code cursor}, oldest first. */
    List<Row> after(long cursor, int limit) {
        return jdbc.sql("SELECT e.id, e.collection_id, c.name, e.version FROM snapshot_event e"
                        + " JOIN collection c ON c.id = e.collection_id WHERE e.id > ? ORDER BY e.id LIMIT ?")
                .params(cursor, limit)
                .query((rs, row) -> new Row(
                        rs.getLong("id"), rs.getLong("collection_id"), rs.getString("name"), rs.getLong("version")))
                .list();
    }

    /** The newest event id, or 0 when the feed is empty. */
    long latestId() {
        return jdbc.sql("SELECT coalesce(max(id), 0) FROM snapshot_event")
                .query(Long.class)
                .single();
    }
}
