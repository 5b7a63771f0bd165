package org.ossnet.stats.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;

/** Version 5 keys the full rollup by dictionaries; what it held reads the same through the daily_downloads view. */
class KeyedRollupMigrationIT {

    private static final String ROWS = "SELECT day, collection, snapshot_version, file_path, region, client_kind,"
            + " downloads, bytes FROM daily_downloads ORDER BY collection, day, snapshot_version, file_path, region,"
            + " client_kind";

    @Test
    void keepsEveryRowOfTheFullRollup() throws Exception {
        Database database = TestPostgres.freshDatabase("keyed_rollup");
        migrate(database, "4");
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO daily_downloads VALUES"
                    + " ('2026-11-30', 'ossnet://a.example/x', 1, 'pool/a.deb', 'eu', 'get', 3, 30, 10, 10, 10),"
                    + " ('2026-11-30', 'ossnet://a.example/x', 1, 'pool/a.deb', 'na', 'get', 1, 10, 0, 0, 10),"
                    + " ('2026-12-01', 'ossnet://a.example/x', 2, 'pool/a.deb', 'eu', 'mirror', 2, 20, 20, 0, 0),"
                    + " ('2026-12-01', 'ossnet://b.example/y', 2, 'b.iso', 'eu', 'bittorrent:aria2', 5, 50, 50, 0, 0)");
        }
        List<String> before = rows(database);
        migrate(database, "5");
        assertThat(rows(database)).hasSize(4).isEqualTo(before);
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet keys = statement.executeQuery("SELECT (SELECT count(*) FROM file_key),"
                        + " (SELECT count(*) FROM region_key), (SELECT count(*) FROM kind_key)")) {
            keys.next();
            assertThat(List.of(keys.getInt(1), keys.getInt(2), keys.getInt(3))).containsExactly(2, 2, 3);
        }
    }

    private static void migrate(Database database, String target) {
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.username(), database.password())
                .target(target)
                .load()
                .migrate();
    }

    private static List<String> rows(Database database) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(ROWS)) {
            while (result.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= 8; i++) {
                    row.append(result.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
