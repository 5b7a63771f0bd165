package org.ossnet.signing;

import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;

/** Runs signing-service against a fresh real PostgreSQL, for poking at it from a browser or curl. */
final class LocalSigningApplication {

    private LocalSigningApplication() {}

    public static void main(String[] args) {
        Database database = TestPostgres.freshDatabase("signing");
        System.setProperty("spring.datasource.url", database.jdbcUrl());
        System.setProperty("spring.datasource.username", database.username());
        System.setProperty("spring.datasource.password", database.password());
        SigningApplication.main(args);
    }
}
