package org.ossnet.signing.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.signing.SigningFixtures.PASSPHRASE;
import static org.ossnet.signing.SigningFixtures.SIGNER_TOKEN;
import static org.ossnet.signing.SigningFixtures.canonicalSnapshot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.pgp.PgpKeyException;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.signing.SigningFixtures;
import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts, stops and restarts whole applications against one database, as replicas and redeployments do. */
class KeyLifecycleIT {

    @Test
    void keepsTheSameKeyAcrossRestarts() throws Exception {
        Database database = TestPostgres.freshDatabase("signing");
        String first;
        try (var context = SigningFixtures.start(SigningFixtures.properties(database))) {
            first = SigningFixtures.api(context).keys().keys().getFirst().fingerprint();
        }
        try (var context = SigningFixtures.start(SigningFixtures.properties(database))) {
            var api = SigningFixtures.api(context);
            assertThat(api.keys().keys())
                    .singleElement()
                    .satisfies(k -> assertThat(k.fingerprint()).isEqualTo(first));
            var signed = api.sign("snapshot", SIGNER_TOKEN, canonicalSnapshot(1));
            assertThat(signed.headers().firstValue("Ossnet-Key-Fingerprint")).hasValue(first);
        }
    }

    @Test
    void storesTheSecretKeyOnlyProtectedByThePassphrase() throws Exception {
        Database database = TestPostgres.freshDatabase("signing");
        String fingerprint;
        try (var context = SigningFixtures.start(SigningFixtures.properties(database))) {
            fingerprint = SigningFixtures.api(context).keys().keys().getFirst().fingerprint();
        }

        String stored = storedSecretKeys(database).getFirst();

        assertThat(stored).startsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----");
        assertThatThrownBy(() -> SigningKey.importSecretKey(stored, "not the passphrase at all".toCharArray()))
                .isInstanceOfSatisfying(
                        PgpKeyException.class,
                        e -> assertThat(e.reason()).isEqualTo(PgpKeyException.Reason.WRONG_PASSPHRASE));
        assertThat(SigningKey.importSecretKey(stored, PASSPHRASE.toCharArray()).fingerprint())
                .isEqualTo(fingerprint);
    }

    @Test
    void refusesToStartWhenThePassphraseDoesNotUnlockTheStoredKey() {
        Database database = TestPostgres.freshDatabase("signing");
        SigningFixtures.start(SigningFixtures.properties(database)).close();
        Map<String, String> wrong = SigningFixtures.properties(database);
        wrong.put("ossnet.signing.key-passphrase", "a different passphrase entirely");

        assertThatThrownBy(() -> SigningFixtures.start(wrong))
                // The publisher key or the mirror CA key, whichever start-up unlocks first: one passphrase guards both.
                .hasStackTraceContaining("ossnet.signing.key-passphrase does not unlock the stored");
    }

    @Test
    void refusesToStartWithoutAKeyPassphraseOrWithAShortOne() {
        Database database = TestPostgres.freshDatabase("signing");
        Map<String, String> missing = SigningFixtures.properties(database);
        missing.remove("ossnet.signing.key-passphrase");
        Map<String, String> tooShort = SigningFixtures.properties(database);
        tooShort.put("ossnet.signing.key-passphrase", "fifteen chars!!");

        assertThatThrownBy(() -> SigningFixtures.start(missing))
                .rootCause()
                .hasMessageContaining("ossnet.signing.key-passphrase is required")
                .hasMessageContaining("OSSNET_SIGNING_KEY_PASSPHRASE");
        assertThatThrownBy(() -> SigningFixtures.start(tooShort))
                .rootCause()
                .hasMessage("ossnet.signing.key-passphrase must be at least 16 characters long");
    }

    @Test
    void importsTheConfiguredKeyOnAFirstStartAndIgnoresTheFileLater(@TempDir Path directory) throws Exception {
        SigningKey publisher = SigningKey.generate("Example publisher <keys@example.org>");
        Path file = directory.resolve("publisher.asc");
        Files.writeString(file, publisher.exportSecretKey("import passphrase 0123".toCharArray()));
        Database database = TestPostgres.freshDatabase("signing");
        Map<String, String> properties = SigningFixtures.properties(database);
        properties.put("ossnet.signing.import-key-file", file.toString());
        properties.put("ossnet.signing.import-key-passphrase", "import passphrase 0123");

        try (var context = SigningFixtures.start(properties)) {
            var api = SigningFixtures.api(context);
            assertThat(api.keys().keys().getFirst().fingerprint()).isEqualTo(publisher.fingerprint());
            byte[] snapshot = canonicalSnapshot(1);
            var signed = api.sign("snapshot", SIGNER_TOKEN, snapshot);
            new SignatureVerifier(List.of(publisher.publicKey()))
                    .verify(snapshot, signed.body().getBytes(StandardCharsets.US_ASCII));
        }
        // Stored under the service's own passphrase, not the file's, and the file is not needed any more.
        Files.delete(file);
        assertThat(SigningKey.importSecretKey(storedSecretKeys(database).getFirst(), PASSPHRASE.toCharArray())
                        .fingerprint())
                .isEqualTo(publisher.fingerprint());
        try (var context = SigningFixtures.start(properties)) {
            assertThat(SigningFixtures.api(context).keys().keys().getFirst().fingerprint())
                    .isEqualTo(publisher.fingerprint());
        }
    }

    @Test
    void refusesToStartWhenTheImportPassphraseIsWrong(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("publisher.asc");
        Files.writeString(file, SigningKey.generate("P <p@example.org>").exportSecretKey("right one".toCharArray()));
        Map<String, String> properties = SigningFixtures.properties(TestPostgres.freshDatabase("signing"));
        properties.put("ossnet.signing.import-key-file", file.toString());
        properties.put("ossnet.signing.import-key-passphrase", "wrong one");

        assertThatThrownBy(() -> SigningFixtures.start(properties))
                .hasStackTraceContaining("cannot import ossnet.signing.import-key-file")
                .hasStackTraceContaining("WRONG_PASSPHRASE");
    }

    @Test
    void createsOneKeyWhenTwoReplicasStartOnAnEmptyDatabaseAtOnce() throws Exception {
        Database database = TestPostgres.freshDatabase("signing");
        List<CompletableFuture<ConfigurableApplicationContext>> replicas = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            replicas.add(
                    CompletableFuture.supplyAsync(() -> SigningFixtures.start(SigningFixtures.properties(database))));
        }
        List<ConfigurableApplicationContext> contexts = new ArrayList<>();
        try {
            for (var replica : replicas) {
                contexts.add(replica.join());
            }
            assertThat(storedSecretKeys(database)).hasSize(1);
            String a = SigningFixtures.api(contexts.get(0))
                    .keys()
                    .keys()
                    .getFirst()
                    .fingerprint();
            String b = SigningFixtures.api(contexts.get(1))
                    .keys()
                    .keys()
                    .getFirst()
                    .fingerprint();
            assertThat(a).isEqualTo(b);
            var signed = SigningFixtures.api(contexts.get(1)).sign("snapshot", SIGNER_TOKEN, canonicalSnapshot(1));
            assertThat(signed.headers().firstValue("Ossnet-Key-Fingerprint")).hasValue(a);
            // The mirror CA is made once between them too.
            assertThat(SigningFixtures.api(contexts.get(0))
                            .get("/api/v1/mirror-ca.pem", null)
                            .body())
                    .isEqualTo(SigningFixtures.api(contexts.get(1))
                            .get("/api/v1/mirror-ca.pem", null)
                            .body());
        } finally {
            contexts.forEach(ConfigurableApplicationContext::close);
        }
    }

    static List<String> storedSecretKeys(Database database) throws Exception {
        List<String> keys = new ArrayList<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT secret_key_encrypted FROM signing_key")) {
            while (rows.next()) {
                keys.add(new String(rows.getBytes(1), StandardCharsets.UTF_8));
            }
        }
        return keys;
    }
}
