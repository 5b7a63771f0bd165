package org.ossnet.signing.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.signing.SigningFixtures.ADMIN_TOKEN;
import static org.ossnet.signing.SigningFixtures.MAX_DOCUMENT_BYTES;
import static org.ossnet.signing.SigningFixtures.REGION_SIGNER_TOKEN;
import static org.ossnet.signing.SigningFixtures.SIGNER_TOKEN;
import static org.ossnet.signing.SigningFixtures.canonicalSnapshot;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.credential.RevocationListCodec;
import org.ossnet.core.net.Cidr;
import org.ossnet.core.pgp.OpenPgpPublicKey;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.core.pgp.VerifiedSignature;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.region.RegionAuthorityCodec;
import org.ossnet.signing.SigningApi;
import org.ossnet.signing.SigningFixtures;
import org.ossnet.testsupport.http.HttpProbe;
import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SignatureEndpointIT {

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
    void signsACanonicalSnapshotWithThePublishedKey() throws Exception {
        byte[] snapshot = canonicalSnapshot(1);

        HttpResponse<String> response = api().sign("snapshot", SIGNER_TOKEN, snapshot);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pgp-signature");
        assertThat(response.body()).startsWith("-----BEGIN PGP SIGNATURE-----");
        PublisherKey active = api().keys().keys().getFirst();
        assertThat(active.active()).isTrue();
        assertThat(response.headers().firstValue("Ossnet-Key-Fingerprint")).hasValue(active.fingerprint());
        VerifiedSignature verified = new SignatureVerifier(List.of(OpenPgpPublicKey.parse(active.armored())))
                .verify(snapshot, response.body().getBytes(StandardCharsets.US_ASCII));
        assertThat(verified.signingKeyFingerprint()).isEqualTo(active.fingerprint());
    }

    @Test
    void signsACanonicalRegionAuthorityAndRefusesAnyOtherNamingTheField() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        byte[] authority = regionAuthority("fedora.example.org", now, now.plus(Duration.ofDays(7)));

        HttpResponse<String> response = api().sign("region-authority", REGION_SIGNER_TOKEN, authority);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("-----BEGIN PGP SIGNATURE-----");
        byte[] overlapping = new String(authority, StandardCharsets.UTF_8)
                .replace("[\"192.0.2.0/24\"]", "[\"192.0.2.0/24\",\"192.0.2.128/25\"]")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> refused = api().sign("region-authority", REGION_SIGNER_TOKEN, overlapping);
        assertProblem(refused, 400);
        assertThat(refused.body()).contains("\"field\":\"prefixes\"").contains("192.0.2.128/25 overlap");
    }

    @Test
    void signsARegionAuthorityOnlyForAPublisherWhollyTheCallersAndOnlyIssuedNowForAWhile() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        HttpResponse<String> foreign = api().sign(
                        "region-authority",
                        REGION_SIGNER_TOKEN,
                        regionAuthority("debian.example.org", now, now.plus(Duration.ofDays(7))));
        assertProblem(foreign, 403);
        assertThat(foreign.body()).contains("ossnet://debian.example.org/");

        HttpResponse<String> backdated = api().sign(
                        "region-authority",
                        REGION_SIGNER_TOKEN,
                        regionAuthority(
                                "fedora.example.org", now.minus(Duration.ofDays(2)), now.plus(Duration.ofDays(7))));
        assertProblem(backdated, 400);
        assertThat(backdated.body()).contains("\"field\":\"issued\"");

        HttpResponse<String> forYears = api().sign(
                        "region-authority",
                        REGION_SIGNER_TOKEN,
                        regionAuthority("fedora.example.org", now, now.plus(Duration.ofDays(400))));
        assertProblem(forYears, 400);
        assertThat(forYears.body()).contains("\"field\":\"expires\"");
    }

    static byte[] regionAuthority(String publisher, Instant issued, Instant expires) {
        return RegionAuthorityCodec.encode(new RegionAuthority(
                publisher,
                "eu-west",
                1,
                List.of(Cidr.parse("192.0.2.0/24")),
                List.of(URI.create("https://eu-west.example.org/")),
                List.of(URI.create("https://eu-west.example.org:6969/announce")),
                "0123456789ABCDEF0123456789ABCDEF01234567",
                Map.of("na", 10L),
                20,
                issued,
                expires));
    }

    @Test
    void refusesANonCanonicalSnapshotNamingTheField() throws Exception {
        String canonical = new String(canonicalSnapshot(2), StandardCharsets.UTF_8);
        byte[] upperCaseHash = canonical
                .replace("\"infoHash\":\"0123456789abcdef", "\"infoHash\":\"0123456789ABCDEF")
                .getBytes(StandardCharsets.UTF_8);
        byte[] prettyPrinted = canonical.replace(",", ", ").getBytes(StandardCharsets.UTF_8);

        for (byte[] document : List.of(upperCaseHash, prettyPrinted, new byte[0])) {
            HttpResponse<String> response = api().sign("snapshot", SIGNER_TOKEN, document);
            assertProblem(response, 400);
            assertThat(response.body()).contains("\"field\":");
        }
        assertThat(api().sign("snapshot", SIGNER_TOKEN, upperCaseHash).body()).contains("files[0].infoHash");
    }

    @Test
    void signsACanonicalRevocationListOfAnotherPublisherOnlyUpwards() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        byte[] second = revocationList(SigningFixtures.OTHER_LIST_PUBLISHER, 2, now);

        HttpResponse<String> signed = api().sign("revocation-list", REGION_SIGNER_TOKEN, second);

        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        PublisherKey active = api().keys().keys().getFirst();
        new SignatureVerifier(List.of(OpenPgpPublicKey.parse(active.armored())))
                .verify(second, signed.body().getBytes(StandardCharsets.US_ASCII));
        HttpResponse<String> rollback = api().sign(
                        "revocation-list",
                        REGION_SIGNER_TOKEN,
                        revocationList(SigningFixtures.OTHER_LIST_PUBLISHER, 1, now));
        assertProblem(rollback, 409);
        assertThat(rollback.body()).contains("\"signedVersion\":2");
        byte[] misspelt = new String(second, StandardCharsets.UTF_8)
                .replace("\"revokedAt\"", "\"revoked_at\"")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> refused = api().sign("revocation-list", REGION_SIGNER_TOKEN, misspelt);
        assertProblem(refused, 400);
        assertThat(refused.body()).contains("\"field\":\"entries[0].revoked_at\"");
    }

    @Test
    void refusesToSignARevocationListOfTheMirrorCasOwnPublisherOrOfAForeignOne() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        HttpResponse<String> own =
                api().sign("revocation-list", REGION_SIGNER_TOKEN, revocationList(SigningFixtures.PUBLISHER, 99, now));
        assertProblem(own, 409);
        assertThat(own.body()).contains("makes the revocation list of fedora.example.org itself");
        assertProblem(
                api().sign("revocation-list", REGION_SIGNER_TOKEN, revocationList("debian.example.org", 1, now)), 403);
        assertProblem(
                api().sign(
                                "revocation-list",
                                REGION_SIGNER_TOKEN,
                                revocationList(SigningFixtures.OTHER_LIST_PUBLISHER, 7, now.minus(Duration.ofDays(1)))),
                400);
    }

    static byte[] revocationList(String publisher, long version, Instant issued) {
        return RevocationListCodec.encode(new RevocationList(
                publisher,
                version,
                issued,
                issued.plus(Duration.ofMinutes(5)),
                List.of(RevocationList.Entry.wholeMirror("m1.example.edu", issued))));
    }

    @Test
    void refusesRevocationListsThatAreNotCanonical() throws Exception {
        List<byte[]> bad = List.of(
                new byte[0],
                "not json".getBytes(StandardCharsets.UTF_8),
                "[1,2]".getBytes(StandardCharsets.UTF_8),
                "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8),
                "{\"a\":1} {}".getBytes(StandardCharsets.UTF_8),
                new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});
        for (byte[] document : bad) {
            assertProblem(api().sign("revocation-list", REGION_SIGNER_TOKEN, document), 400);
        }
    }

    @Test
    void refusesADocumentOverTheSizeLimit() throws Exception {
        byte[] tooLarge = new byte[MAX_DOCUMENT_BYTES + 1];

        assertProblem(api().sign("snapshot", SIGNER_TOKEN, tooLarge), 413);
    }

    @Test
    void answersNotFoundForAnUnknownKind() throws Exception {
        HttpResponse<String> response = api().sign("release-notes", SIGNER_TOKEN, canonicalSnapshot(3));

        assertProblem(response, 404);
        assertThat(response.body()).contains("snapshot, region-authority, revocation-list");
    }

    @Test
    void refusesCallersWithoutAKnownTokenAsUnauthorized() throws Exception {
        for (String token : new String[] {null, "not-a-configured-token", SIGNER_TOKEN + "x"}) {
            HttpResponse<String> response = api().sign("snapshot", token, canonicalSnapshot(4));
            assertProblem(response, 401);
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }
    }

    @Test
    void refusesACallerWithoutTheKindsRoleAsForbidden() throws Exception {
        assertProblem(api().sign("snapshot", REGION_SIGNER_TOKEN, canonicalSnapshot(5)), 403);
        assertProblem(api().sign("snapshot", ADMIN_TOKEN, canonicalSnapshot(5)), 403);
        assertProblem(api().sign("region-authority", SIGNER_TOKEN, "{}".getBytes(StandardCharsets.UTF_8)), 403);
    }

    @Test
    void countsSignedAndRefusedRequestsByKind() throws Exception {
        api().sign("snapshot", SIGNER_TOKEN, canonicalSnapshot(6));
        api().sign("snapshot", SIGNER_TOKEN, "{}".getBytes(StandardCharsets.UTF_8));

        String metrics = HttpProbe.get(SigningApi.at(port).base().resolve("/actuator/prometheus"))
                .body();

        assertThat(metrics)
                .containsPattern(
                        "ossnet_signing_signatures_total\\{[^}]*kind=\"snapshot\",outcome=\"signed\"[^}]*} [1-9]")
                .containsPattern(
                        "ossnet_signing_signatures_total\\{[^}]*kind=\"snapshot\",outcome=\"refused\"[^}]*} [1-9]")
                .contains("kind=\"revocation-list\",outcome=\"signed\"");
    }

    @Test
    void signsOnlyCollectionsInTheCallersNamespaces() throws Exception {
        HttpResponse<String> response = api().sign(
                        "snapshot",
                        SIGNER_TOKEN,
                        SigningFixtures.canonicalSnapshot("ossnet://debian.example.org/debian", 1));

        assertProblem(response, 403);
        assertThat(response.body()).contains("ossnet://fedora.example.org/").contains("debian.example.org");
    }

    @Test
    void refusesAValidityLongerThanTheMaximumOrACreatedTimeFarFromNow() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String collection = SigningFixtures.NAMESPACE + "validity";
        HttpResponse<String> year9999 = api().sign(
                        "snapshot",
                        SIGNER_TOKEN,
                        SigningFixtures.snapshot(collection, 1, now, Instant.parse("9999-12-31T00:00:00Z"), "forever"));
        HttpResponse<String> backdated = api().sign(
                        "snapshot",
                        SIGNER_TOKEN,
                        SigningFixtures.snapshot(
                                collection, 1, now.minus(Duration.ofDays(2)), now.plus(Duration.ofDays(5)), "old"));

        assertProblem(year9999, 400);
        assertThat(year9999.body()).contains("\"field\":\"expires\"").contains("max-snapshot-validity");
        assertProblem(backdated, 400);
        assertThat(backdated.body()).contains("\"field\":\"created\"");
    }

    @Test
    void signsVersionsOfACollectionOnlyUpwardsButTheSameDocumentAgain() throws Exception {
        String collection = SigningFixtures.NAMESPACE + "versions";
        byte[] first = SigningFixtures.canonicalSnapshot(collection, 3);
        Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        byte[] otherThree = SigningFixtures.snapshot(collection, 3, created, created.plus(Duration.ofDays(7)), "other");

        assertThat(api().sign("snapshot", SIGNER_TOKEN, first).statusCode()).isEqualTo(200);
        assertThat(api().sign("snapshot", SIGNER_TOKEN, first).statusCode()).isEqualTo(200);
        HttpResponse<String> secondThree = api().sign("snapshot", SIGNER_TOKEN, otherThree);
        assertProblem(secondThree, 409);
        assertThat(secondThree.body()).contains("\"signedVersion\":3").contains("as another document");
        HttpResponse<String> rollback =
                api().sign("snapshot", SIGNER_TOKEN, SigningFixtures.canonicalSnapshot(collection, 2));
        assertProblem(rollback, 409);
        assertThat(api().sign("snapshot", SIGNER_TOKEN, SigningFixtures.canonicalSnapshot(collection, 4))
                        .statusCode())
                .isEqualTo(200);
    }

    static void assertProblem(HttpResponse<String> response, int status) {
        SigningFixtures.assertProblem(response, status);
    }
}
