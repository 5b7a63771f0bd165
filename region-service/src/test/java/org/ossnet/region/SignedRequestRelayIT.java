package org.ossnet.region;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.ossnet.core.credential.MirrorCertificateProfile;
import org.ossnet.core.credential.MirrorCredential;
import org.ossnet.core.credential.MirrorGrant;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.credential.SignedRequest;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.testing.Await;
import org.ossnet.testsupport.FreePorts;
import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.TestPostgres;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * region-service following the master's revocation list and checking requests signed with a mirror credential before
 * relaying them, against a master fixture with a real publisher key, a real mirror CA and real certificates, and a
 * real PostgreSQL: the list is followed and a rollback refused; a signed request is relayed with its headers intact
 * and its answer never kept; a revoked certificate is refused (403), another CA's (401); once the held list expires
 * every signed request is refused (503 {@code revocation_list_expired}) while public metadata is still served, and a
 * fresh list restores them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignedRequestRelayIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Database DATABASE = TestPostgres.freshDatabase("region_credential");
    static final int PORT = FreePorts.pick();
    static final MasterFixture MASTER;
    static final Path WORK;
    static final MasterFixture.PublishedFile FILE;
    static final KeyPair CA_KEYS = MirrorCertificateProfile.generateKeyPair();
    static final X509Certificate CA;
    static final KeyPair MIRROR_KEYS = MirrorCertificateProfile.generateKeyPair();
    /** An embargoed name: only a credentialed request gets an answer for it from the master. */
    static final String EMBARGOED = "/ns/fedora/47/early.iso";

    static {
        try {
            MASTER = new MasterFixture();
            WORK = Files.createTempDirectory("region-credential-it");
            Files.writeString(
                    WORK.resolve("publisher.asc"), MASTER.key().publicKey().armored());
            MASTER.serveAuthority("eu", MASTER.authority("eu", 1, List.of("127.0.0.0/8")));
            FILE = MASTER.publish(
                    WORK,
                    "fedora/45",
                    1,
                    "region credential payload".repeat(200).getBytes());
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            CA = MirrorCertificateProfile.caCertificate(
                    CA_KEYS, MASTER.publisher(), now.minusSeconds(60), now.plus(Duration.ofDays(1)));
            MASTER.serveMirrorCa(CA, MirrorCertificateProfile.fingerprint(CA));
            MASTER.serveRevocationList(list(2, Duration.ofMinutes(5)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        DATABASE.registerAsDataSource(registry::add);
        registry.add("server.port", () -> PORT);
        registry.add("ossnet.region.public-url", () -> base().toString());
        registry.add("ossnet.region.master-url", () -> MASTER.url().toString());
        registry.add("ossnet.region.name", () -> "eu");
        registry.add(
                "ossnet.region.publisher-key-file",
                () -> WORK.resolve("publisher.asc").toString());
        registry.add("ossnet.region.authority-refresh", () -> "1s");
        registry.add("ossnet.region.replication-wait", () -> "1s");
        registry.add("ossnet.region.master-timeout", () -> "2s");
        registry.add("ossnet.region.revocation-refresh", () -> "200ms");
    }

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcClient jdbc;

    @AfterAll
    static void stop() {
        MASTER.close();
    }

    @Test
    @Order(1)
    void followsTheMastersListAndRelaysSignedRequestsWithTheirHeadersIntactNeverKeepingTheAnswer() throws Exception {
        Await.until(() -> version() == 2 && expired() == 0, WAIT, () -> "list version 2 held, was " + version());
        X509Certificate mirror = certificate("m1.example.edu", Instant.now().plus(Duration.ofHours(1)));
        Await.until(() -> signedGet(mirror, EMBARGOED).statusCode() == 200, WAIT, () -> "the mirror CA is held");

        Map<String, String> headers =
                SignedRequest.sign(MIRROR_KEYS.getPrivate(), mirror, "GET", EMBARGOED, new byte[0], Instant.now());
        HttpResponse<byte[]> answer = get(EMBARGOED, headers);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(MasterFixture.CREDENTIALED_BODY);
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue(MasterFixture.CREDENTIALED_CACHE_CONTROL);
        assertThat(MASTER.signedArrivals().getLast())
                .as("relayed to the master as it came")
                .isEqualTo(new MasterFixture.SignedArrival(
                        EMBARGOED,
                        headers.get(SignedRequest.CERTIFICATE_HEADER),
                        headers.get(SignedRequest.SIGNATURE_HEADER)));
        assertThat(jdbc.sql("SELECT count(*) FROM metadata_copy WHERE path = ?")
                        .param(EMBARGOED)
                        .query(Long.class)
                        .single())
                .as("a credentialed answer is never kept")
                .isZero();

        HttpResponse<byte[]> replayed = get(EMBARGOED, headers);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(reason(replayed)).isEqualTo("replayed");
        assertThat(get(EMBARGOED, Map.of()).statusCode())
                .as("unsigned: the public's answer, a name that does not exist")
                .isEqualTo(404);
    }

    @Test
    @Order(2)
    void refusesAnOlderListThanTheOneHeld() throws Exception {
        MASTER.serveRevocationList(list(1, Duration.ofMinutes(5)));
        Await.until(() -> refreshes("rollback") > 0, WAIT, () -> "the older list refused as a rollback");
        assertThat(version()).isEqualTo(2);
        assertThat(health().path("details").path("lastRefusal").asString()).startsWith("rollback:");
    }

    @Test
    @Order(3)
    void refusesARevokedCertificateAndAnotherCasWhileRelayingTheOthers() throws Exception {
        X509Certificate revoked = certificate("m2.example.edu", Instant.now().plus(Duration.ofHours(1)));
        X509Certificate kept = certificate("m1.example.edu", Instant.now().plus(Duration.ofHours(1)));
        MASTER.serveRevocationList(list(
                3,
                Duration.ofMinutes(5),
                RevocationList.Entry.wholeMirror("m2.example.edu", Instant.now().truncatedTo(ChronoUnit.SECONDS))));
        Await.until(() -> version() == 3, WAIT, () -> "list version 3 held");

        HttpResponse<byte[]> refused = signedGet(revoked, EMBARGOED);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(reason(refused)).isEqualTo("revoked");
        assertThat(signedGet(kept, EMBARGOED).statusCode()).isEqualTo(200);

        KeyPair otherCaKeys = MirrorCertificateProfile.generateKeyPair();
        X509Certificate otherCa = MirrorCertificateProfile.caCertificate(
                otherCaKeys,
                "other.example.org",
                Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(3600));
        X509Certificate foreign = MirrorCertificateProfile.mirrorCertificate(
                otherCa,
                otherCaKeys.getPrivate(),
                MIRROR_KEYS.getPublic(),
                credential("m1.example.edu", Instant.now().plus(Duration.ofHours(1))));
        HttpResponse<byte[]> wrongCa = signedGet(foreign, EMBARGOED);
        assertThat(wrongCa.statusCode()).isEqualTo(401);
        assertThat(reason(wrongCa)).isEqualTo("not_signed_by_ca");
    }

    @Test
    @Order(4)
    void failsClosedOnceTheHeldListExpiresAndRecoversWhenAFreshOneArrives() throws Exception {
        X509Certificate mirror = certificate("m1.example.edu", Instant.now().plus(Duration.ofHours(1)));
        // A list valid a few seconds, then nothing newer: the master goes on serving it after it expired.
        MASTER.serveRevocationList(list(4, Duration.ofSeconds(4)));
        Await.until(() -> version() == 4, WAIT, () -> "list version 4 held");

        Await.until(
                () -> signedGet(mirror, EMBARGOED).statusCode() == 503,
                WAIT,
                () -> "signed requests refused once the list expired");
        HttpResponse<byte[]> refused = signedGet(mirror, EMBARGOED);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(reason(refused)).isEqualTo("revocation_list_expired");
        assertThat(expired()).isEqualTo(1);
        assertThat(health().path("details").path("state").asString()).isEqualTo("expired");
        assertThat(health().path("status").asString())
                .as("public metadata needs no list")
                .isEqualTo("UP");
        assertThat(get(FILE.nsPath(), Map.of()).statusCode())
                .as("unsigned requests served as before")
                .isEqualTo(200);
        Await.until(() -> refreshes("expired") > 0, WAIT, () -> "the expired list refused when fetched again");

        MASTER.serveRevocationList(list(5, Duration.ofMinutes(5)));
        Await.until(
                () -> signedGet(mirror, EMBARGOED).statusCode() == 200,
                WAIT,
                () -> "signed requests relayed again with a fresh list");
        assertThat(version()).isEqualTo(5);
        assertThat(expired()).isZero();
    }

    @Test
    @Order(5)
    void keepsTheHeldListWhileTheMasterIsUnreachable() throws Exception {
        double unavailable = refreshes("unavailable");
        MASTER.setAvailable(false);
        try {
            Await.until(
                    () -> refreshes("unavailable") > unavailable, WAIT, () -> "a fetch failed with the master down");
            assertThat(version()).isEqualTo(5);
            assertThat(expired()).isZero();
        } finally {
            MASTER.setAvailable(true);
        }
    }

    static RevocationList list(long version, Duration validity, RevocationList.Entry... entries) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new RevocationList(
                MASTER.publisher(), version, now.minusSeconds(60), now.plus(validity), List.of(entries));
    }

    static MirrorCredential credential(String mirror, Instant notAfter) {
        MirrorGrant grant =
                new MirrorGrant(mirror, List.of(OssnetName.parse("ossnet://" + MASTER.publisher() + "/fedora/")));
        return new MirrorCredential(
                grant,
                new BigInteger(64, new SecureRandom()).setBit(0),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60),
                notAfter.truncatedTo(ChronoUnit.SECONDS));
    }

    static X509Certificate certificate(String mirror, Instant notAfter) {
        return MirrorCertificateProfile.mirrorCertificate(
                CA, CA_KEYS.getPrivate(), MIRROR_KEYS.getPublic(), credential(mirror, notAfter));
    }

    long version() {
        return (long) meters.get("ossnet.region.revocation.version").gauge().value();
    }

    long expired() {
        return (long) meters.get("ossnet.region.revocation.expired").gauge().value();
    }

    double refreshes(String outcome) {
        var counter = meters.find("ossnet.region.revocation.refreshes")
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    static JsonNode health() {
        return JSON.readTree(get("/actuator/health/revocationList", Map.of()).body());
    }

    static String reason(HttpResponse<byte[]> problem) {
        return JSON.readTree(problem.body()).path("reason").asString();
    }

    /** A GET signed afresh (a new nonce each time) with {@code certificate} and the mirror's key. */
    static HttpResponse<byte[]> signedGet(X509Certificate certificate, String path) {
        return get(
                path,
                SignedRequest.sign(MIRROR_KEYS.getPrivate(), certificate, "GET", path, new byte[0], Instant.now()));
    }

    static HttpResponse<byte[]> get(String path, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base().resolve(path))
                .timeout(Duration.ofSeconds(10))
                .GET();
        headers.forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static URI base() {
        return URI.create("http://127.0.0.1:" + PORT);
    }
}
