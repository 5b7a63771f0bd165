package org.ossnet.region;

import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;

/** Runs region-service against a fresh real PostgreSQL, for poking at it from a browser or curl. */
final class LocalRegionApplication {

    private LocalRegionApplication() {}

    public static void main(String[] args) {
        Database database = TestPostgres.freshDatabase("region");
        database.registerAsDataSource(
                (name, value) -> System.setProperty(name, value.get().toString()));
        RegionApplication.main(args);
    }
}
