package org.ossnet.tracker;

import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;

/** Runs tracker-service against a fresh real PostgreSQL, for poking at it from a browser or curl. */
final class LocalTrackerApplication {

    private LocalTrackerApplication() {}

    public static void main(String[] args) {
        Database database = TestPostgres.freshDatabase("tracker");
        System.setProperty("spring.datasource.url", database.jdbcUrl());
        System.setProperty("spring.datasource.username", database.username());
        System.setProperty("spring.datasource.password", database.password());
        TrackerApplication.main(args);
    }
}
