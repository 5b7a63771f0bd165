package org.ossnet.core.pgp;

/** Keys for tests; generating Ed25519 keys is cheap, so each test gets fresh ones. */
final class PgpFixtures {

    static final String USER_ID = "OSSNET publisher <publisher@example.org>";

    private PgpFixtures() {}

    static SigningKey publisherKey() {
        return SigningKey.generate(USER_ID);
    }
}
