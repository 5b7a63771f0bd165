package org.ossnet.tracker;

import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;

/** Runs tracker-service against a fresh real PostgreSQL, for poking at it from a browser or curl. */
final class LocalTrackerApplication {

    private LocalTrackerApplication() {}

    public static void main(String[] args) {
        Database database = TestPostgres.freshDatabase("tracker");
        database.registerAsDataSource(
                (name, value) -> System.setProperty(name, value.get().toString()));
        TrackerApplication.main(args);
    }
}
