package org.ossnet.agent.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.home.AgentHome;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.tracker.TrackerException;
import org.ossnet.agent.trust.TrustStore;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.credential.CredentialPem;
import org.ossnet.core.credential.MirrorCertificateProfile;
import org.ossnet.core.credential.MirrorCredential;
import org.ossnet.core.credential.MirrorGrant;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.credential.RevocationListCodec;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.core.testing.Await;
import tools.jackson.databind.json.JsonMapper;

/**
 * Enrolment, verification and renewal against a tracker speaking the mirror CA's contract on 127.0.0.1, with real
 * certificates and a real publisher key: what is stored, what is refused, and the daemon's renewal until the CA
 * refuses it.
 */
class MirrorCredentialsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String MIRROR = "m1.example.edu";
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    final SigningKey key = SigningKey.generate("Test publisher <p@localhost>");
    final KeyPair caKeys = MirrorCertificateProfile.generateKeyPair();
    final KeyPair otherCaKeys = MirrorCertificateProfile.generateKeyPair();
    HttpServer server;
    X509Certificate ca;
    X509Certificate otherCa;
    volatile boolean fromOtherCa;
    volatile boolean revoked;
    volatile Duration lifetime = Duration.ofHours(1);
    /**
     * When this test's revocation lists were issued: one instant, so a list and its signature, two requests that may fall
     * in different seconds, cover the same bytes.
     */
    Instant listed;

    @TempDir
    Path home;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String publisher = "127.0.0.1:" + server.getAddress().getPort();
        listed = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ca = MirrorCertificateProfile.caCertificate(caKeys, publisher, NOW.minusSeconds(600), NOW.plusSeconds(86400));
        otherCa = MirrorCertificateProfile.caCertificate(
                otherCaKeys, publisher, NOW.minusSeconds(600), NOW.plusSeconds(86400));
        server.createContext("/.well-known/ossnet.json", exchange -> {
            Discovery discovery = new Discovery(
                    publisher,
                    base(),
                    base().resolve("announce"),
                    base().resolve("ns/"),
                    List.of(new PublisherKey(key.fingerprint(), key.publicKey().armored(), true, null)),
                    null,
                    null,
                    null,
                    new Discovery.MirrorCredentials(
                            CredentialPem.certificate(ca),
                            MirrorCertificateProfile.fingerprint(ca),
                            base().resolve("api/v1/revocation-list")));
            send(exchange, 200, JSON.writeValueAsBytes(discovery));
        });
        server.createContext("/api/v1/mirror-certificates", this::issue);
        server.createContext("/api/v1/revocation-list", exchange -> {
            byte[] list = RevocationListCodec.encode(new RevocationList(
                    publisher,
                    revoked ? 2 : 1,
                    listed,
                    listed.plusSeconds(300),
                    revoked ? List.of(RevocationList.Entry.wholeMirror(MIRROR, listed)) : List.of()));
            exchange.getResponseHeaders().add("Ossnet-Revocation-List-Version", revoked ? "2" : "1");
            boolean signature = exchange.getRequestURI().getPath().endsWith(".asc");
            send(exchange, 200, signature ? key.sign(list).getBytes(StandardCharsets.US_ASCII) : list);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void issue(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        boolean renewal = exchange.getRequestURI().getPath().endsWith("/renewals");
        if (renewal && revoked) {
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            send(exchange, 403, "{\"status\":403,\"detail\":\"Mirror m1.example.edu was revoked.\"}".getBytes());
            return;
        }
        try {
            String csr =
                    renewal ? JSON.readTree(body).path("csr").asString() : new String(body, StandardCharsets.US_ASCII);
            PublicKey mirrorKey = CredentialPem.readCertificationRequest(csr);
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            MirrorCredential credential = new MirrorCredential(
                    new MirrorGrant(MIRROR, List.of(OssnetName.parse("ossnet://" + base().getAuthority() + "/f/"))),
                    MirrorCertificateProfile.newSerial(),
                    now.minusSeconds(60),
                    now.plus(lifetime));
            X509Certificate certificate = fromOtherCa
                    ? MirrorCertificateProfile.mirrorCertificate(
                            otherCa, otherCaKeys.getPrivate(), mirrorKey, credential)
                    : MirrorCertificateProfile.mirrorCertificate(ca, caKeys.getPrivate(), mirrorKey, credential);
            send(
                    exchange,
                    201,
                    JSON.writeValueAsBytes(Map.of(
                            "mirror", MIRROR,
                            "serial", credential.serialHex(),
                            "certificate", CredentialPem.certificate(certificate))));
        } catch (CredentialException e) {
            send(exchange, 400, "{}".getBytes());
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        try (exchange) {
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    MirrorCredentials credentials(CredentialFiles files) {
        return new MirrorCredentials(
                new TrackerClient(false),
                files,
                new TrustStore(AgentHome.under(home).trustDirectory()),
                Clock.systemUTC());
    }

    @Test
    void enrolsWithAKeyMadeHereAndStoresItOnlyOnceTheCertificateVerifies() throws Exception {
        CredentialFiles files = new CredentialFiles(AgentHome.under(home));

        MirrorCredentials.Stored stored = credentials(files).enroll(base(), "ossnet-enrol-token", MIRROR);

        assertThat(stored.credential().mirror()).isEqualTo(MIRROR);
        assertThat(stored.caSha256()).isEqualTo(MirrorCertificateProfile.fingerprint(ca));
        assertThat(stored.files().certificate().getPublicKey())
                .isEqualTo(stored.files().keys().getPublic());
        assertThat(Files.readString(files.keyFile(base().getAuthority()))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(credentials(files).status(stored.files()).refusal()).isEmpty();
    }

    @Test
    void refusesACertificateOfAnotherCaAndStoresNothing() {
        CredentialFiles files = new CredentialFiles(AgentHome.under(home));
        fromOtherCa = true;

        assertThatThrownBy(() -> credentials(files).enroll(base(), "ossnet-enrol-token", MIRROR))
                .isInstanceOfSatisfying(
                        CredentialException.class,
                        e -> assertThat(e.reason()).isEqualTo(CredentialException.Reason.NOT_SIGNED_BY_CA));
        assertThat(files.keyFile(base().getAuthority())).doesNotExist();
    }

    @Test
    void renewsAtHalfTheLifetimeAndStopsWithOneLineOnceRevoked() throws Exception {
        CredentialFiles files = new CredentialFiles(AgentHome.under(home));
        // Issued a minute back, as the CA backdates for slow clocks: half the lifetime is two seconds away.
        lifetime = Duration.ofSeconds(64);
        credentials(files).enroll(base(), "ossnet-enrol-token", MIRROR);
        List<String> notes = new CopyOnWriteArrayList<>();

        try (CredentialRenewal renewal = CredentialRenewal.start(
                        credentials(files), files, base().getAuthority(), Clock.systemUTC(), notes::add)
                .orElseThrow()) {
            Await.until(() -> notes.stream().anyMatch(n -> n.startsWith("renewed")), Duration.ofSeconds(15));
            revoked = true;
            Await.until(
                    () -> notes.stream().anyMatch(n -> n.contains("renewal stopped")),
                    Duration.ofSeconds(15),
                    notes::toString);
        }
        assertThat(notes.getLast()).contains("403").contains("was revoked").contains("renewal stopped");
        CredentialFiles.Stored stored = files.load(base().getAuthority()).orElseThrow();
        assertThat(credentials(files).status(stored).refusal())
                .hasValueSatisfying(e -> assertThat(e.reason()).isEqualTo(CredentialException.Reason.REVOKED));
    }

    @Test
    void aRefusedRenewalIsTheCasStatus() throws Exception {
        CredentialFiles files = new CredentialFiles(AgentHome.under(home));
        MirrorCredentials.Stored stored = credentials(files).enroll(base(), "ossnet-enrol-token", MIRROR);
        revoked = true;

        assertThatThrownBy(() -> credentials(files).renew(stored.files()))
                .isInstanceOfSatisfying(
                        TrackerException.class, e -> assertThat(e.status()).isEqualTo(403));
    }
}
