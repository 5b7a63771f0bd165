package org.ossnet.signing;

import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;

/**
 * Runs signing-service against a fresh real PostgreSQL, for poking at it from a browser or curl. Clients and the
 * passphrase are the test fixtures', e.g. {@code curl -H "Authorization: Bearer $ADMIN_TOKEN"} with
 * {@link SigningFixtures#ADMIN_TOKEN}.
 */
final class LocalSigningApplication {

    private LocalSigningApplication() {}

    public static void main(String[] args) {
        Database database = TestPostgres.freshDatabase("signing");
        SigningFixtures.properties(database).forEach(System::setProperty);
        // The fixtures' small document limit suits tests, not poking with real snapshots.
        System.clearProperty("ossnet.signing.max-document-size");
        SigningApplication.main(args);
    }
}
