package org.ossnet.tracker.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
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
 * and what was parked stays parked with its reason.
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
}
