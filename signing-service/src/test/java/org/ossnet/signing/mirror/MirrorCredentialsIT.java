package org.ossnet.signing.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.signing.MirrorFixtures.PREFIX;
import static org.ossnet.signing.SigningFixtures.AUDITOR_TOKEN;
import static org.ossnet.signing.SigningFixtures.MIRROR_DESK_TOKEN;
import static org.ossnet.signing.SigningFixtures.assertProblem;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.credential.CredentialPem;
import org.ossnet.core.credential.CredentialVerifier;
import org.ossnet.core.credential.MirrorCertificateProfile;
import org.ossnet.core.credential.MirrorCredential;
import org.ossnet.core.credential.MirrorGrant;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.name.OssnetName;
import org.ossnet.signing.MirrorFixtures;
import org.ossnet.signing.MirrorFixtures.Mirror;
import org.ossnet.signing.SigningApi;
import org.ossnet.signing.SigningFixtures;
import org.ossnet.testsupport.http.HttpProbe;
import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MirrorCredentialsIT {

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
    void enrolsIssuesRenewsAndRevokesAMirrorAndTheSignedListCarriesTheRevocation() throws Exception {
        X509Certificate ca = MirrorFixtures.ca(api());
        RevocationList before = MirrorFixtures.verifiedList(api(), null);
        CredentialVerifier verifier = new CredentialVerifier(ca, Clock.systemUTC());

        HttpResponse<String> enrolment = MirrorFixtures.enrol(api(), MIRROR_DESK_TOKEN, "m1.example.edu", PREFIX);
        assertThat(enrolment.statusCode()).as(enrolment.body()).isEqualTo(201);
        JsonNode enrolled = MirrorFixtures.json(enrolment);
        assertThat(enrolled.get("token").asString()).startsWith("ossnet-enrol-").hasSizeGreaterThan(50);
        assertThat(enrolled.get("prefixes").get(0).asString()).isEqualTo(PREFIX);
        assertThat(Instant.parse(enrolled.get("expiresAt").asString()))
                .isBetween(
                        Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(24)));

        KeyPair keys = MirrorCertificateProfile.generateKeyPair();
        Mirror mirror = MirrorFixtures.issued(
                keys,
                MirrorFixtures.issue(
                        api(),
                        enrolled.get("token").asString(),
                        CredentialPem.certificationRequest(keys, "m1.example.edu")));
        MirrorCredential credential = verifier.verify(new X509Certificate[] {mirror.certificate(), ca}, before);
        assertThat(credential.mirror()).isEqualTo("m1.example.edu");
        assertThat(credential.prefixes()).containsExactly(OssnetName.parse(PREFIX));
        assertThat(credential.serialHex()).isEqualTo(mirror.serial());
        assertThat(mirror.certificate().getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(credential.notAfter())
                .isBetween(
                        Instant.now().plus(Duration.ofMinutes(59)),
                        Instant.now().plus(Duration.ofHours(1)));
        assertThat(Duration.between(credential.notBefore(), credential.notAfter()))
                .as("an hour, and the five minutes it starts early for slow clocks")
                .isLessThanOrEqualTo(Duration.ofMinutes(65));

        Mirror renewed = MirrorFixtures.issued(keys, MirrorFixtures.renew(api(), mirror.pem(), mirror.csr()));
        assertThat(renewed.serial()).isNotEqualTo(mirror.serial());
        assertThat(verifier.verify(renewed.certificate(), before).grant()).isEqualTo(credential.grant());

        HttpResponse<String> revoked = MirrorFixtures.revoke(api(), "m1.example.edu");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(MirrorFixtures.json(revoked).get("unexpiredCertificates").asInt())
                .isEqualTo(2);
        long version = MirrorFixtures.json(revoked).get("revocationListVersion").asLong();

        RevocationList after = MirrorFixtures.verifiedList(api(), before);
        assertThat(after.version()).isGreaterThanOrEqualTo(version).isGreaterThan(before.version());
        assertThat(after.entries()).anySatisfy(entry -> {
            assertThat(entry.mirror()).isEqualTo("m1.example.edu");
            assertThat(entry.serial()).isEmpty();
        });
        for (Mirror held : List.of(mirror, renewed)) {
            assertThatThrownBy(() -> verifier.verify(held.certificate(), after))
                    .isInstanceOfSatisfying(
                            CredentialException.class,
                            e -> assertThat(e.reason()).isEqualTo(CredentialException.Reason.REVOKED));
        }
        HttpResponse<String> renewalAfterRevocation = MirrorFixtures.renew(api(), renewed.pem(), renewed.csr());
        assertProblem(renewalAfterRevocation, 403);
        assertThat(renewalAfterRevocation.body()).contains("revoked");
    }

    @Test
    void usesAnEnrolmentTokenOnceAndKeepsItWhenTheRequestIsRefused() throws Exception {
        String token = MirrorFixtures.enrolmentToken(api(), "m2.example.edu");
        KeyPair keys = MirrorCertificateProfile.generateKeyPair();
        String csr = CredentialPem.certificationRequest(keys, "m2.example.edu");

        HttpResponse<String> garbage = MirrorFixtures.issue(api(), token, "not a request");
        assertProblem(garbage, 400);
        assertThat(garbage.body()).contains("\"field\":\"csr\"");
        HttpResponse<String> rsa = MirrorFixtures.issue(api(), token, rsaRequest());
        assertProblem(rsa, 400);
        assertThat(rsa.body()).contains("not an EC P-256 key");
        HttpResponse<String> forged = MirrorFixtures.issue(api(), token, forgedRequest(keys));
        assertProblem(forged, 400);
        assertThat(forged.body()).contains("proves no possession of the private key");

        MirrorFixtures.issued(keys, MirrorFixtures.issue(api(), token, csr));
        HttpResponse<String> again = MirrorFixtures.issue(api(), token, csr);
        assertProblem(again, 409);
        assertThat(again.body()).contains("This enrolment token was used at");
    }

    @Test
    void refusesUnknownExpiredAndCancelledTokens() throws Exception {
        String csr = CredentialPem.certificationRequest(MirrorCertificateProfile.generateKeyPair(), "m3.example.edu");
        assertProblem(MirrorFixtures.issue(api(), "ossnet-enrol-not-a-token-at-all", csr), 401);
        assertProblem(MirrorFixtures.issue(api(), MIRROR_DESK_TOKEN, csr), 403);

        String expiring = MirrorFixtures.enrolmentToken(api(), "m3.example.edu");
        try (Connection connection = DATABASE.connect();
                PreparedStatement expire = connection.prepareStatement(
                        "UPDATE mirror_enrolment SET created_at = now() - interval '2 days',"
                                + " expires_at = now() - interval '1 second' WHERE mirror = 'm3.example.edu'")) {
            expire.executeUpdate();
        }
        HttpResponse<String> expired = MirrorFixtures.issue(api(), expiring, csr);
        assertProblem(expired, 401);
        assertThat(expired.body()).contains("expired at");

        MirrorFixtures.enrolled(api(), "m4.example.edu");
        String unused = MirrorFixtures.enrolmentToken(api(), "m4.example.edu");
        assertThat(MirrorFixtures.revoke(api(), "m4.example.edu").statusCode()).isEqualTo(200);
        HttpResponse<String> cancelled = MirrorFixtures.issue(api(), unused, csr);
        assertProblem(cancelled, 401);
        assertThat(cancelled.body()).contains("was cancelled at").contains("when mirror m4.example.edu was revoked");
    }

    @Test
    void renewsOnlyACurrentCertificateOfThisCaForTheSameKey() throws Exception {
        Mirror mirror = MirrorFixtures.enrolled(api(), "m5.example.edu");
        X509Certificate ca = MirrorFixtures.ca(api());

        HttpResponse<String> caPresented = MirrorFixtures.renew(api(), CredentialPem.certificate(ca), mirror.csr());
        assertProblem(caPresented, 400);
        assertThat(caPresented.body()).contains("\"field\":\"certificate\"").contains("mirror CA certificate itself");

        HttpResponse<String> foreign = MirrorFixtures.renew(api(), foreignCertificate(mirror.keys()), mirror.csr());
        assertProblem(foreign, 403);
        assertThat(foreign.body()).contains("not by the publisher's mirror CA");

        String otherKey = CredentialPem.certificationRequest(MirrorCertificateProfile.generateKeyPair(), "m5");
        HttpResponse<String> rekeyed = MirrorFixtures.renew(api(), mirror.pem(), otherKey);
        assertProblem(rekeyed, 400);
        assertThat(rekeyed.body()).contains("\"field\":\"csr\"").contains("a renewal keeps the key");

        HttpResponse<String> noCsr = api().postJson(
                        "/api/v1/mirror-certificates/renewals", null, "{\"certificate\":\"x\",\"csr\":\"y\",\"z\":1}");
        assertProblem(noCsr, 400);
    }

    @Test
    void enrolsOnlyWellNamedMirrorsForThePublishersPrefixesAndOnlyForTheMirrorDesk() throws Exception {
        HttpResponse<String> badName = MirrorFixtures.enrol(api(), MIRROR_DESK_TOKEN, "Bad Name", PREFIX);
        assertProblem(badName, 400);
        assertThat(badName.body()).contains("\"field\":\"mirror\"");
        HttpResponse<String> foreign =
                MirrorFixtures.enrol(api(), MIRROR_DESK_TOKEN, "m6.example.edu", "ossnet://debian.example.org/");
        assertProblem(foreign, 400);
        assertThat(foreign.body())
                .contains("\"field\":\"prefixes[0]\"")
                .contains("certifies mirrors of fedora.example.org");
        assertProblem(MirrorFixtures.enrol(api(), MIRROR_DESK_TOKEN, "m6.example.edu"), 400);
        assertProblem(MirrorFixtures.enrol(api(), AUDITOR_TOKEN, "m6.example.edu", PREFIX), 403);
        assertProblem(MirrorFixtures.enrol(api(), null, "m6.example.edu", PREFIX), 401);
        assertProblem(MirrorFixtures.revoke(api(), "never-enrolled.example.edu"), 404);
        assertProblem(api().postJson("/api/v1/mirrors/m6.example.edu/revocation", AUDITOR_TOKEN, ""), 403);
    }

    @Test
    void writesEveryStepAndRefusalToTheAuditLogWithoutTokens() throws Exception {
        String token = MirrorFixtures.enrolmentToken(api(), "m7.example.edu");
        KeyPair keys = MirrorCertificateProfile.generateKeyPair();
        String csr = CredentialPem.certificationRequest(keys, "m7.example.edu");
        Mirror mirror = MirrorFixtures.issued(keys, MirrorFixtures.issue(api(), token, csr));
        MirrorFixtures.issue(api(), token, csr);
        MirrorFixtures.issued(keys, MirrorFixtures.renew(api(), mirror.pem(), mirror.csr()));
        MirrorFixtures.revoke(api(), "m7.example.edu");
        MirrorFixtures.renew(api(), mirror.pem(), mirror.csr());

        HttpResponse<String> audit = api().get("/api/v1/audit?limit=1000", AUDITOR_TOKEN);

        List<JsonNode> entries = new ArrayList<>();
        MirrorFixtures.json(audit).get("entries").forEach(entries::add);
        List<JsonNode> m7 = entries.stream()
                .filter(e ->
                        !e.get("detail").isNull() && e.get("detail").asString().contains("m7.example.edu"))
                .toList();
        assertThat(m7)
                .extracting(e -> e.get("kind").asString())
                .containsExactly(
                        "mirror-refused",
                        "mirror-revocation",
                        "mirror-renewal",
                        "mirror-refused",
                        "mirror-certificate",
                        "mirror-enrolment");
        JsonNode issued = m7.get(4);
        assertThat(issued.get("sha256").asString())
                .isEqualTo(MirrorCertificateProfile.fingerprint(mirror.certificate()));
        assertThat(issued.get("keyFingerprint").asString())
                .isEqualTo(MirrorCertificateProfile.fingerprint(MirrorFixtures.ca(api())));
        assertThat(m7.get(0).get("caller").asString()).isEqualTo("mirror m7.example.edu");
        assertThat(m7.get(5).get("caller").asString()).isEqualTo("mirror-desk");
        assertThat(entries).anySatisfy(e -> assertThat(e.get("kind").asString()).isEqualTo("revocation-list"));
        assertThat(audit.body()).doesNotContain(token.substring(EnrolmentTokens.PREFIX.length()));
    }

    @Test
    void countsCredentialOperationsByOutcome() throws Exception {
        MirrorFixtures.enrolled(api(), "m8.example.edu");
        MirrorFixtures.enrol(api(), MIRROR_DESK_TOKEN, "Bad Name", PREFIX);

        String metrics =
                HttpProbe.get(api().base().resolve("/actuator/prometheus")).body();

        assertThat(metrics)
                .containsPattern(
                        "ossnet_signing_mirror_credentials_total\\{[^}]*operation=\"issue\",outcome=\"done\"[^}]*} [1-9]")
                .containsPattern(
                        "ossnet_signing_mirror_credentials_total\\{[^}]*operation=\"enrol\",outcome=\"refused\"[^}]*} [1-9]")
                .contains("operation=\"revoke\",outcome=\"done\"");
    }

    /** A request with an RSA key, which the profile does not have. */
    private static String rsaRequest() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair keys = rsa.generateKeyPair();
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=m2.example.edu"), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
        return "-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getMimeEncoder().encodeToString(request.getEncoded())
                + "\n-----END CERTIFICATE REQUEST-----\n";
    }

    /** A request for {@code keys}' public key, signed by another key: it proves nothing. */
    private static String forgedRequest(KeyPair keys) throws Exception {
        KeyPair other = MirrorCertificateProfile.generateKeyPair();
        var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=m2.example.edu"), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(other.getPrivate()));
        return "-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getMimeEncoder().encodeToString(request.getEncoded())
                + "\n-----END CERTIFICATE REQUEST-----\n";
    }

    /** A certificate of the profile from another CA, for the same key and name. */
    private static String foreignCertificate(KeyPair keys) {
        KeyPair otherCa = MirrorCertificateProfile.generateKeyPair();
        Instant now = Instant.now();
        X509Certificate otherCaCertificate = MirrorCertificateProfile.caCertificate(
                otherCa, "debian.example.org", now.minusSeconds(60), now.plusSeconds(3600));
        return CredentialPem.certificate(MirrorCertificateProfile.mirrorCertificate(
                otherCaCertificate,
                otherCa.getPrivate(),
                keys.getPublic(),
                new MirrorCredential(
                        new MirrorGrant("m5.example.edu", List.of(OssnetName.parse(PREFIX))),
                        BigInteger.TEN,
                        now.minusSeconds(60),
                        now.plusSeconds(600))));
    }
}
