package org.ossnet.region;

import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;

/** Runs region-service against a fresh real PostgreSQL, for poking at it from a browser or curl. */
final class LocalRegionApplication {

    private LocalRegionApplication() {}

    public static void main(String[] args) {
        Database database = TestPostgres.freshDatabase("region");
        System.setProperty("spring.datasource.url", database.jdbcUrl());
        System.setProperty("spring.datasource.username", database.username());
        System.setProperty("spring.datasource.password", database.password());
        RegionApplication.main(args);
    }
}
