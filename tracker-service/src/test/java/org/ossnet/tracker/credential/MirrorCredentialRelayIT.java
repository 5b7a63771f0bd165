package org.ossnet.tracker.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.tracker.collection.Publications.JSON;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.ossnet.core.credential.CredentialPem;
import org.ossnet.core.credential.CredentialVerifier;
import org.ossnet.core.credential.MirrorCertificateProfile;
import org.ossnet.core.credential.MirrorCredential;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.credential.RevocationListVerifier;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.core.testing.Await;
import org.ossnet.tracker.TrackerUnderTest;
import org.ossnet.tracker.collection.Publications;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The tracker as the mirrors' and the publisher's way to the mirror CA, over real HTTP against a real PostgreSQL, with
 * signing-service's CA contract spoken by {@link FakeMirrorCa} (real certificates, a real publisher key): enrolment,
 * first certificate, renewal and revocation relayed with signing-service's statuses and bodies; the revocation list
 * served from the tracker's verified copy, an older or expired one refused, and an expired copy no longer served.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class MirrorCredentialRelayIT {

    static final TrackerUnderTest APP = new TrackerUnderTest();
    static final String SIGNING_TOKEN = "tracker-token-with-issue-mirror-credentials";
    static final FakeMirrorCa CA = FakeMirrorCa.of(APP, SIGNING_TOKEN);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        APP.register(registry);
        CA.register(registry);
        registry.add("ossnet.tracker.credentials.revocation-refresh", () -> "200ms");
    }

    @AfterAll
    static void stop() {
        CA.close();
        APP.close();
    }

    @Test
    void relaysEnrolmentCertificateRenewalAndRevocation() throws Exception {
        Await.until(() -> served() > 0, Duration.ofSeconds(10));
        String mirror = "m1.example.edu";
        Map<String, Object> grant = Map.of("mirror", mirror, "prefixes", List.of(APP.collection("fedora/")));
        assertThat(send("/api/v1/mirror-enrolments", null, "application/json", JSON.writeValueAsString(grant))
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> enrolled = send(
                "/api/v1/mirror-enrolments",
                TrackerUnderTest.TOKEN,
                "application/json",
                JSON.writeValueAsString(grant));
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
        assertThat(enrolled.headers().firstValue("Cache-Control")).hasValue("no-store");
        String token = JSON.readTree(enrolled.body()).path("token").asString();

        KeyPair keys = MirrorCertificateProfile.generateKeyPair();
        HttpResponse<String> issued = send(
                "/api/v1/mirror-certificates",
                token,
                "application/pkcs10",
                CredentialPem.certificationRequest(keys, mirror));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        X509Certificate certificate = CredentialPem.readCertificate(
                JSON.readTree(issued.body()).path("certificate").asString());
        MirrorCredential credential = verifier().verify(certificate, servedList());
        assertThat(credential.mirror()).isEqualTo(mirror);

        HttpResponse<String> again = send(
                "/api/v1/mirror-certificates",
                token,
                "application/pkcs10",
                CredentialPem.certificationRequest(keys, mirror));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(again.body()).contains("used already");
        assertThat(send("/api/v1/mirror-certificates", "not-an-enrolment-token", "application/pkcs10", "x")
                        .statusCode())
                .isEqualTo(401);
        // The token's shape with one character changed (to another one: an 'A' replaced by 'A' is the token itself).
        String forged = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");
        HttpResponse<String> garbage = send("/api/v1/mirror-certificates", forged, "application/pkcs10", "x");
        assertThat(garbage.statusCode()).isEqualTo(401);

        String renewal = JSON.writeValueAsString(Map.of(
                "certificate", CredentialPem.certificate(certificate),
                "csr", CredentialPem.certificationRequest(keys, mirror)));
        HttpResponse<String> renewed = send("/api/v1/mirror-certificates/renewals", null, "application/json", renewal);
        assertThat(renewed.statusCode()).as(renewed.body()).isEqualTo(201);
        assertThat(JSON.readTree(renewed.body()).path("serial").asString()).isNotEqualTo(credential.serialHex());

        assertThat(send("/api/v1/mirrors/" + mirror + "/revocation", null, null, null)
                        .statusCode())
                .isEqualTo(401);
        assertThat(send("/api/v1/mirrors/Not_A_Name/revocation", TrackerUnderTest.TOKEN, null, null)
                        .statusCode())
                .isEqualTo(400);
        HttpResponse<String> revoked =
                send("/api/v1/mirrors/" + mirror + "/revocation", TrackerUnderTest.TOKEN, null, null);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        long version =
                JSON.readTree(revoked.body()).path("revocationListVersion").asLong();

        // Held at once, not at the next refresh: the revocation's own list is what the tracker serves now.
        RevocationList list = servedList();
        assertThat(list.version()).isGreaterThanOrEqualTo(version);
        assertThat(list.revocationOf(credential)).isPresent();
        HttpResponse<String> refused = send("/api/v1/mirror-certificates/renewals", null, "application/json", renewal);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("revoked");
    }

    @Test
    void servesItsVerifiedListAndRefusesAnOlderOrExpiredOne() throws Exception {
        Await.until(() -> served() == CA.version(), Duration.ofSeconds(10));
        // Discovery never waits for signing-service: it names the CA once the tracker's first fetch (a second after
        // its start) has brought it.
        Await.until(() -> discovery().path("mirrorCredentials").isObject(), Duration.ofSeconds(10));
        JsonNode discovery = discovery();
        assertThat(discovery.path("mirrorCredentials").path("caSha256").asString())
                .isEqualTo(MirrorCertificateProfile.fingerprint(CA.ca()));
        assertThat(CredentialPem.readCertificate(discovery
                        .path("mirrorCredentials")
                        .path("caCertificate")
                        .asString()))
                .isEqualTo(CA.ca());
        assertThat(discovery.path("mirrorCredentials").path("revocationList").asString())
                .isEqualTo(APP.url().resolve("/api/v1/revocation-list").toString());
        HttpResponse<byte[]> pem = Publications.get(APP.url().resolve("/api/v1/mirror-ca.pem"));
        assertThat(CredentialPem.readCertificate(new String(pem.body(), StandardCharsets.US_ASCII)))
                .isEqualTo(CA.ca());

        long held = served();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String publisher = APP.url().getAuthority();
        CA.serve(new RevocationList(publisher, held - 1 > 0 ? held - 1 : 1, now, now.plusSeconds(300), List.of()));
        if (held == 1) {
            // Version 1 again with other contents is a rollback too.
            CA.serve(new RevocationList(publisher, 1, now, now.plusSeconds(301), List.of()));
        }
        awaitMetric("outcome=\"rollback\"");
        assertThat(served()).isEqualTo(held);

        CA.serve(new RevocationList(publisher, held + 5, now.minusSeconds(600), now.minusSeconds(1), List.of()));
        awaitMetric("outcome=\"expired\"");
        assertThat(served()).isEqualTo(held);

        // A list that expires soon is taken, then no longer served once it has: the tracker fails closed.
        CA.serve(new RevocationList(
                publisher, held + 6, now, Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS), List.of()));
        Await.until(() -> served() == held + 6, Duration.ofSeconds(10));
        Await.until(() -> served() == 0, Duration.ofSeconds(10));
        assertThat(prometheus()).containsPattern("ossnet_tracker_revocation_expired\\{[^}]*\\} 1.0");
        assertThat(new String(
                        Publications.get(APP.url().resolve("/actuator/health/readiness"))
                                .body(),
                        StandardCharsets.UTF_8))
                .contains("\"status\":\"UP\"");

        CA.serve(new RevocationList(publisher, held + 7, now, now.plusSeconds(300), List.of()));
        Await.until(() -> served() == held + 7, Duration.ofSeconds(10));
        assertThat(prometheus()).containsPattern("ossnet_tracker_revocation_expired\\{[^}]*\\} 0.0");
    }

    static CredentialVerifier verifier() {
        return new CredentialVerifier(CA.ca(), Clock.systemUTC());
    }

    /** The tracker's list, fetched as a verifier does and verified with the publisher key. */
    static RevocationList servedList() throws Exception {
        HttpResponse<byte[]> document = Publications.get(APP.url().resolve("/api/v1/revocation-list"));
        assertThat(document.statusCode()).isEqualTo(200);
        String version =
                document.headers().firstValue("Ossnet-Revocation-List-Version").orElseThrow();
        HttpResponse<byte[]> signature =
                Publications.get(APP.url().resolve("/api/v1/revocation-list.asc?version=" + version));
        assertThat(signature.statusCode()).isEqualTo(200);
        RevocationList list = new RevocationListVerifier(
                        new SignatureVerifier(List.of(CA.key().publicKey())),
                        APP.url().getAuthority(),
                        Clock.systemUTC())
                .verify(document.body(), signature.body());
        assertThat(list.version()).isEqualTo(Long.parseLong(version));
        return list;
    }

    /** The version the tracker serves, 0 when it answers 503 (it holds no current list). */
    static long served() {
        return served(APP);
    }

    /** The version {@code tracker} serves, 0 when it answers 503 (it holds no current list). */
    static long served(TrackerUnderTest tracker) {
        try {
            HttpResponse<byte[]> document = Publications.get(tracker.url().resolve("/api/v1/revocation-list"));
            return document.statusCode() == 200
                    ? Long.parseLong(document.headers()
                            .firstValue("Ossnet-Revocation-List-Version")
                            .orElseThrow())
                    : 0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void awaitMetric(String tag) throws InterruptedException {
        Await.until(
                () -> prometheus()
                        .lines()
                        .anyMatch(line ->
                                line.startsWith("ossnet_tracker_revocation_refreshes_total") && line.contains(tag)),
                Duration.ofSeconds(10));
    }

    static String prometheus() {
        return prometheus(APP);
    }

    /** The metrics {@code tracker} exposes to Prometheus. */
    static String prometheus(TrackerUnderTest tracker) {
        try {
            return new String(
                    Publications.get(tracker.url().resolve("/actuator/prometheus"))
                            .body(),
                    StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> send(String path, String token, String type, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(APP.url().resolve(path))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode discovery() {
        return discovery(APP);
    }

    /** The discovery document of {@code tracker}. */
    static JsonNode discovery(TrackerUnderTest tracker) {
        try {
            return JSON.readTree(Publications.get(tracker.url().resolve("/.well-known/ossnet.json"))
                    .body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
