package org.ossnet.signing.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.ossnet.core.credential.CredentialVerifier;
import org.ossnet.core.credential.MirrorCertificateProfile;
import org.ossnet.signing.MirrorFixtures;
import org.ossnet.signing.MirrorFixtures.Mirror;
import org.ossnet.signing.SigningApi;
import org.ossnet.signing.SigningFixtures;
import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;

/** Starts and restarts whole applications against one database, as redeployments do. */
class MirrorCaIT {

    @Test
    void publishesTheCaCertificateToEveryoneAndKeepsItAcrossRestarts() throws Exception {
        Database database = TestPostgres.freshDatabase("signing");
        String first;
        Mirror mirror;
        try (var context = SigningFixtures.start(SigningFixtures.properties(database))) {
            SigningApi api = SigningFixtures.api(context);
            HttpResponse<String> published = api.get("/api/v1/mirror-ca.pem", null);
            assertThat(published.statusCode()).isEqualTo(200);
            assertThat(published.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/pem-certificate-chain"));
            X509Certificate ca = MirrorFixtures.certificate(published.body());
            assertThat(published.headers().firstValue("Ossnet-Ca-Sha256"))
                    .hasValue(MirrorCertificateProfile.fingerprint(ca));
            assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=OSSNET mirror CA,O=fedora.example.org");
            assertThat(ca.getBasicConstraints()).isZero();
            assertThat(ca.getNotAfter().toInstant())
                    .isBetween(
                            Instant.now().plus(Duration.ofDays(3649)),
                            Instant.now().plus(Duration.ofDays(3650)));
            first = published.body();
            mirror = MirrorFixtures.enrolled(api, "m1.example.edu");
        }
        try (var context = SigningFixtures.start(SigningFixtures.properties(database))) {
            SigningApi api = SigningFixtures.api(context);
            assertThat(api.get("/api/v1/mirror-ca.pem", null).body()).isEqualTo(first);
            Mirror renewed =
                    MirrorFixtures.issued(mirror.keys(), MirrorFixtures.renew(api, mirror.pem(), mirror.csr()));
            new CredentialVerifier(MirrorFixtures.certificate(first), Clock.systemUTC())
                    .verify(renewed.certificate(), MirrorFixtures.verifiedList(api, null));
        }
    }

    @Test
    void storesTheCaKeyOnlyEncryptedUnderTheKeyPassphrase() throws Exception {
        Database database = TestPostgres.freshDatabase("signing");
        X509Certificate ca;
        try (var context = SigningFixtures.start(SigningFixtures.properties(database))) {
            ca = MirrorFixtures.ca(SigningFixtures.api(context));
        }

        byte[] stored = storedKey(database);

        assertThat(new String(stored, StandardCharsets.US_ASCII))
                .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----")
                .doesNotContain("BEGIN PRIVATE KEY", "BEGIN EC PRIVATE KEY");
        var key = CaKeyProtection.decrypt(stored, SigningFixtures.PASSPHRASE.toCharArray());
        assertThat(key.getAlgorithm()).isEqualTo("EC");
        assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThatThrownBy(() -> CaKeyProtection.decrypt(stored, "not the passphrase at all".toCharArray()))
                .hasMessageContaining("ossnet.signing.key-passphrase does not unlock the stored mirror CA key");
    }

    private static byte[] storedKey(Database database) throws Exception {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT private_key_encrypted FROM mirror_ca")) {
            assertThat(rows.next()).isTrue();
            byte[] key = rows.getBytes(1);
            assertThat(rows.next()).as("one CA").isFalse();
            return key;
        }
    }
}
