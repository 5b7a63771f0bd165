package org.ossnet.stats;

import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;

/** Runs stats-service against a fresh real PostgreSQL, for poking at it from a browser or curl. */
final class LocalStatsApplication {

    private LocalStatsApplication() {}

    public static void main(String[] args) {
        Database database = TestPostgres.freshDatabase("stats");
        database.registerAsDataSource(
                (name, value) -> System.setProperty(name, value.get().toString()));
        StatsApplication.main(args);
    }
}
