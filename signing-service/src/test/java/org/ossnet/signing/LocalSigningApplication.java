package org.ossnet.signing;

import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;

/** Runs signing-service against a fresh real PostgreSQL, for poking at it from a browser or curl. */
final class LocalSigningApplication {

    private LocalSigningApplication() {}

    public static void main(String[] args) {
        Database database = TestPostgres.freshDatabase("signing");
        database.registerAsDataSource(
                (name, value) -> System.setProperty(name, value.get().toString()));
        SigningApplication.main(args);
    }
}
