package org.ossnet.signing.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.signing.SigningFixtures.ADMIN_TOKEN;
import static org.ossnet.signing.SigningFixtures.AUDITOR_TOKEN;
import static org.ossnet.signing.SigningFixtures.SIGNER_TOKEN;
import static org.ossnet.signing.SigningFixtures.canonicalSnapshot;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.api.PublisherKeys;
import org.ossnet.core.pgp.OpenPgpPublicKey;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.signing.SigningApi;
import org.ossnet.signing.SigningFixtures;
import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeyRotationIT {

    static final Database DATABASE = TestPostgres.freshDatabase("signing");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SigningFixtures.register(registry, DATABASE);
    }

    SigningApi api() {
        return SigningApi.at(port);
    }

    @Test
    void publishesOneActiveKeyWithoutCredentials() throws Exception {
        PublisherKeys keys = api().keys();

        assertThat(keys.keys()).isNotEmpty();
        assertThat(keys.keys().getFirst().active()).isTrue();
        assertThat(keys.keys().getFirst().publishedUntil()).isNull();
        assertThat(keys.keys().stream().filter(PublisherKey::active)).hasSize(1);
        assertThat(keys.keys().getFirst().armored()).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
    }

    @Test
    void rotationMakesANewKeyActiveAndKeepsTheOldOnePublishedForTheOverlap() throws Exception {
        PublisherKey before = api().keys().keys().getFirst();

        HttpResponse<String> rotated = api().rotate(ADMIN_TOKEN);

        assertThat(rotated.statusCode()).isEqualTo(201);
        PublisherKey fresh = SigningApi.json(rotated, PublisherKey.class);
        assertThat(fresh.active()).isTrue();
        assertThat(fresh.fingerprint()).isNotEqualTo(before.fingerprint());
        List<PublisherKey> listed = api().keys().keys();
        assertThat(listed.getFirst().fingerprint()).isEqualTo(fresh.fingerprint());
        PublisherKey old = listed.stream()
                .filter(k -> k.fingerprint().equals(before.fingerprint()))
                .findFirst()
                .orElseThrow();
        assertThat(old.active()).isFalse();
        assertThat(old.publishedUntil())
                .isBetween(
                        Instant.now().plus(Duration.ofDays(30).minusMinutes(1)),
                        Instant.now().plus(Duration.ofDays(30)));

        byte[] snapshot = canonicalSnapshot(7);
        HttpResponse<String> signed = api().sign("snapshot", SIGNER_TOKEN, snapshot);
        assertThat(signed.headers().firstValue("Ossnet-Key-Fingerprint")).hasValue(fresh.fingerprint());
        var verified = new SignatureVerifier(List.of(OpenPgpPublicKey.parse(fresh.armored())))
                .verify(snapshot, signed.body().getBytes(StandardCharsets.US_ASCII));
        assertThat(verified.signingKeyFingerprint()).isEqualTo(fresh.fingerprint());
    }

    @Test
    void stopsPublishingARotatedOutKeyWhenItsOverlapEnds() throws Exception {
        String old = api().keys().keys().getFirst().fingerprint();
        api().rotate(ADMIN_TOKEN);
        assertThat(api().keys().keys()).extracting(PublisherKey::fingerprint).contains(old);

        // Waiting thirty days is not an option: move the end of the overlap into the past instead.
        try (Connection connection = DATABASE.connect();
                PreparedStatement ended = connection.prepareStatement(
                        "UPDATE signing_key SET published_until = now() - interval '1 second' WHERE fingerprint = ?")) {
            ended.setString(1, old);
            assertThat(ended.executeUpdate()).isEqualTo(1);
        }

        assertThat(api().keys().keys()).extracting(PublisherKey::fingerprint).doesNotContain(old);
    }

    @Test
    void onlyAdminsRotate() throws Exception {
        String active = api().keys().keys().getFirst().fingerprint();

        assertThat(api().rotate(SIGNER_TOKEN).statusCode()).isEqualTo(403);
        assertThat(api().rotate(AUDITOR_TOKEN).statusCode()).isEqualTo(403);
        assertThat(api().rotate(null).statusCode()).isEqualTo(401);
        assertThat(api().keys().keys().getFirst().fingerprint()).isEqualTo(active);
    }
}
