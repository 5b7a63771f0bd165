package org.ossnet.tracker.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;

/**
 * Version 8 turns the per-event outbox into batch rows: what waited moves over in enqueue order, 500 events a row,
 * and what was parked stays parked with its reason. Version 11 stores a row's body without compressing it.
 */
class OutboxMigrationIT {

    @Test
    void movesWaitingEventsIntoBatchRowsInOrderAndKeepsParkedOnes() throws Exception {
        Database database = TestPostgres.freshDatabase("outbox_migration");
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .target("7")
                .load()
                .migrate();
        List<String> ids = new ArrayList<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            for (int i = 0; i < 1_201; i++) {
                String id = new UUID(0, i).toString();
                ids.add(id);
                statement.addBatch("INSERT INTO stats_outbox (event_id, event) VALUES ('" + id + "', '{\"eventId\": \""
                        + id + "\", \"path\": \"p" + i + "\"}')");
            }
            statement.addBatch("INSERT INTO stats_outbox (event_id, event, failed_reason, failed_at) VALUES" + " ('"
                    + new UUID(1, 1) + "', '{\"path\": \"bad\"}', 'events[0].bytes is wrong', now())");
            statement.executeBatch();
        }
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .load()
                .migrate();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            List<Integer> sizes = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT events FROM stats_outbox_batch ORDER BY seq")) {
                while (rows.next()) {
                    sizes.add(rows.getInt(1));
                }
            }
            assertThat(sizes).containsExactly(500, 500, 201);
            List<String> moved = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT e ->> 'eventId' FROM stats_outbox_batch b,"
                    + " jsonb_array_elements(b.body::jsonb) WITH ORDINALITY AS x(e, n) ORDER BY b.seq, x.n")) {
                while (rows.next()) {
                    moved.add(rows.getString(1));
                }
            }
            assertThat(moved).isEqualTo(ids);
            try (ResultSet rows = statement.executeQuery(
                    "SELECT event_id, failed_reason, failed_at IS NOT NULL FROM stats_outbox_parked")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(new UUID(1, 1).toString());
                assertThat(rows.getString(2)).isEqualTo("events[0].bytes is wrong");
                assertThat(rows.getBoolean(3)).isTrue();
                assertThat(rows.next()).isFalse();
            }
        }
    }

    @Test
    void storesABatchBodyUncompressedFromVersion11() throws Exception {
        Database database = TestPostgres.freshDatabase("outbox_uncompressed");
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .target("10")
                .load()
                .migrate();
        assertThat(storedBodyCompression(database)).as("before version 11").isEqualTo("pglz");
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .load()
                .migrate();
        assertThat(storedBodyCompression(database)).isNull();
    }

    /** Stores a body of 1,000 alike events and says how PostgreSQL compressed it, or null when it did not. */
    private static String storedBodyCompression(Database database) throws Exception {
        String event = "{\"eventId\":\"%s\",\"collection\":\"ossnet://example.org/debian\",\"version\":1,"
                + "\"path\":\"pool/main/a.deb\",\"bytes\":1000,\"clientKind\":\"get\"}";
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 1_000; i++) {
            body.append(i == 0 ? "" : ",").append(event.formatted(new UUID(0, i)));
        }
        body.append(']');
        try (Connection connection = database.connect();
                PreparedStatement insert =
                        connection.prepareStatement("INSERT INTO stats_outbox_batch (events, body) VALUES (1000, ?)");
                Statement statement = connection.createStatement()) {
            insert.setString(1, body.toString());
            insert.executeUpdate();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT pg_column_compression(body), length(body) FROM stats_outbox_batch")) {
                assertThat(rows.next()).isTrue();
                String compression = rows.getString(1);
                assertThat(rows.getInt(2)).isEqualTo(body.length());
                statement.execute("DELETE FROM stats_outbox_batch");
                return compression;
            }
        }
    }
}
