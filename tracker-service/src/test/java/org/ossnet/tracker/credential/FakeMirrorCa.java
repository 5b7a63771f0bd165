package org.ossnet.tracker.credential;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.api.PublisherKeys;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.credential.CredentialPem;
import org.ossnet.core.credential.CredentialVerifier;
import org.ossnet.core.credential.MirrorCertificateProfile;
import org.ossnet.core.credential.MirrorCredential;
import org.ossnet.core.credential.MirrorGrant;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.credential.RevocationListCodec;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.tracker.TrackerUnderTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Speaks signing-service's mirror CA contract (docs/API.md, "Mirror credentials") on 127.0.0.1 with real
 * certificates and a real publisher key, as {@code SigningFixture} does for signatures: enrolments, first
 * certificates, renewals, revocations, the CA certificate, the publisher keys and the signed revocation list. Its
 * checks are the contract's statuses, not signing-service's whole rule set, which signing-service's own ITs cover.
 * {@link #serve} makes it serve any list, so tests can offer the tracker an expired or older one.
 */
final class FakeMirrorCa implements AutoCloseable {

    private final String publisher;
    private final String issuerToken;
    private final SigningKey key = SigningKey.generate("OSSNET test publisher <ca@localhost>");
    private final KeyPair caKeys = MirrorCertificateProfile.generateKeyPair();
    private final X509Certificate ca;
    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, Enrolment> enrolments = new ConcurrentHashMap<>();
    private final Map<String, Instant> revoked = new LinkedHashMap<>();
    private volatile byte[] document;
    private volatile String signature;
    private volatile long version;
    private volatile RevocationList list;
    private volatile boolean unavailable;

    private record Enrolment(MirrorGrant grant, boolean used) {}

    /** A CA for {@code publisher} whose enrolments and revocations need {@code issuerToken}. */
    FakeMirrorCa(String publisher, String issuerToken) throws IOException {
        this.publisher = publisher;
        this.issuerToken = issuerToken;
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        this.ca = MirrorCertificateProfile.caCertificate(
                caKeys, publisher, now.minusSeconds(60), now.plus(Duration.ofDays(1)));
        sign(List.of());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        context("/api/v1/keys", this::keys);
        context("/api/v1/mirror-ca.pem", this::caCertificate);
        context("/api/v1/mirror-enrolments", this::enrol);
        context("/api/v1/mirror-certificates", this::issue);
        context("/api/v1/mirrors/", this::revoke);
        context("/api/v1/revocation-list", this::revocationList);
        context("/api/v1/signatures/snapshot", this::signSnapshot);
        server.start();
    }

    /** Every request answers 503 while {@code down}, as a signing-service still starting does. */
    void unavailable(boolean down) {
        unavailable = down;
    }

    private void context(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            if (unavailable) {
                problem(exchange, 503, "Starting.");
            } else {
                handler.handle(exchange);
            }
        });
    }

    /**
     * A CA for the publisher of {@code tracker} (its authority) whose enrolments and revocations need {@code
     * issuerToken}.
     */
    static FakeMirrorCa of(TrackerUnderTest tracker, String issuerToken) {
        try {
            return new FakeMirrorCa(tracker.url().getAuthority(), issuerToken);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes this CA the tracker's signing-service; after {@link TrackerUnderTest#register}, which names another. */
    void register(DynamicPropertyRegistry registry) {
        registry.add("ossnet.tracker.signing-url", () -> url().toString());
        registry.add("ossnet.tracker.signing-token", () -> issuerToken);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    X509Certificate ca() {
        return ca;
    }

    SigningKey key() {
        return key;
    }

    long version() {
        return version;
    }

    /** Serves {@code list}, signed with the publisher key, as the newest list from now on. */
    synchronized void serve(RevocationList list) {
        document = RevocationListCodec.encode(list);
        signature = key.sign(document);
        version = list.version();
        this.list = list;
    }

    /** The list served now. */
    RevocationList currentList() {
        return list;
    }

    private synchronized RevocationList sign(List<RevocationList.Entry> entries) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        RevocationList list = new RevocationList(publisher, version + 1, now, now.plus(Duration.ofMinutes(5)), entries);
        serve(list);
        return list;
    }

    private void keys(HttpExchange exchange) throws IOException {
        PublisherKeys keys = new PublisherKeys(
                List.of(new PublisherKey(key.fingerprint(), key.publicKey().armored(), true, null)));
        respond(exchange, 200, "application/json", json.writeValueAsBytes(keys));
    }

    private void caCertificate(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Ossnet-Ca-Sha256", MirrorCertificateProfile.fingerprint(ca));
        respond(
                exchange,
                200,
                "application/pem-certificate-chain",
                CredentialPem.certificate(ca).getBytes(StandardCharsets.US_ASCII));
    }

    private void enrol(HttpExchange exchange) throws IOException {
        if (!authorised(exchange)) {
            problem(exchange, 403, "The token lacks the role issue-mirror-credentials.");
            return;
        }
        JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
        MirrorGrant grant;
        try {
            List<OssnetName> prefixes = new ArrayList<>();
            body.path("prefixes").forEach(prefix -> prefixes.add(OssnetName.parse(prefix.asString())));
            grant = new MirrorGrant(body.path("mirror").asString(), prefixes);
        } catch (IllegalArgumentException e) {
            problem(exchange, 400, e.getMessage());
            return;
        }
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        String token = "ossnet-enrol-" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        enrolments.put(token, new Enrolment(grant, false));
        Map<String, Object> answer = Map.of(
                "id", enrolments.size(),
                "mirror", grant.mirror(),
                "prefixes", grant.prefixes().stream().map(OssnetName::format).toList(),
                "token", token,
                "expiresAt", Instant.now().plus(Duration.ofDays(1)).toString());
        respond(exchange, 201, "application/json", json.writeValueAsBytes(answer));
    }

    private void issue(HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getPath().endsWith("/renewals")) {
            renew(exchange);
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String token = authorization == null ? "" : authorization.substring("Bearer ".length());
        Enrolment enrolment = enrolments.get(token);
        if (enrolment == null) {
            problem(exchange, 401, "The bearer token is unknown or revoked.");
            return;
        }
        if (enrolment.used()) {
            problem(exchange, 409, "This enrolment token was used already.");
            return;
        }
        PublicKey mirrorKey;
        try {
            mirrorKey = CredentialPem.readCertificationRequest(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII));
        } catch (CredentialException e) {
            invalid(exchange, "csr", e.getMessage());
            return;
        }
        enrolments.put(token, new Enrolment(enrolment.grant(), true));
        respond(exchange, 201, "application/json", certificate(enrolment.grant(), mirrorKey));
    }

    private void renew(HttpExchange exchange) throws IOException {
        JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
        MirrorCredential current;
        PublicKey mirrorKey;
        try {
            X509Certificate certificate =
                    CredentialPem.readCertificate(body.path("certificate").asString());
            mirrorKey = CredentialPem.readCertificationRequest(body.path("csr").asString());
            RevocationList list = RevocationListCodec.decode(document);
            current = new CredentialVerifier(ca, Clock.systemUTC()).verify(certificate, list);
        } catch (CredentialException e) {
            problem(exchange, 403, e.getMessage());
            return;
        }
        respond(exchange, 201, "application/json", certificate(current.grant(), mirrorKey));
    }

    private byte[] certificate(MirrorGrant grant, PublicKey mirrorKey) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        MirrorCredential credential =
                new MirrorCredential(grant, MirrorCertificateProfile.newSerial(), now, now.plus(Duration.ofHours(1)));
        X509Certificate certificate =
                MirrorCertificateProfile.mirrorCertificate(ca, caKeys.getPrivate(), mirrorKey, credential);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("mirror", grant.mirror());
        answer.put("serial", credential.serialHex());
        answer.put("prefixes", grant.prefixes().stream().map(OssnetName::format).toList());
        answer.put("notBefore", credential.notBefore().toString());
        answer.put("notAfter", credential.notAfter().toString());
        answer.put("certificate", CredentialPem.certificate(certificate));
        answer.put("caCertificate", CredentialPem.certificate(ca));
        return json.writeValueAsBytes(answer);
    }

    private void revoke(HttpExchange exchange) throws IOException {
        if (!authorised(exchange)) {
            problem(exchange, 403, "The token lacks the role issue-mirror-credentials.");
            return;
        }
        String name = exchange.getRequestURI().getPath().split("/")[4];
        RevocationList list;
        synchronized (this) {
            revoked.put(name, Instant.now().truncatedTo(ChronoUnit.SECONDS));
            List<RevocationList.Entry> entries = new ArrayList<>();
            revoked.forEach((mirror, at) -> entries.add(RevocationList.Entry.wholeMirror(mirror, at)));
            list = sign(entries);
        }
        respond(
                exchange,
                200,
                "application/json",
                json.writeValueAsBytes(Map.of(
                        "mirror",
                        name,
                        "revokedAt",
                        revoked.get(name).toString(),
                        "unexpiredCertificates",
                        1,
                        "cancelledEnrolments",
                        0,
                        "revocationListVersion",
                        list.version())));
    }

    private void revocationList(HttpExchange exchange) throws IOException {
        byte[] served;
        String type;
        long servedVersion;
        synchronized (this) {
            servedVersion = version;
            boolean asc = exchange.getRequestURI().getPath().endsWith(".asc");
            served = asc ? signature.getBytes(StandardCharsets.US_ASCII) : document;
            type = asc ? "application/pgp-signature" : "application/json";
        }
        exchange.getResponseHeaders().add("Ossnet-Revocation-List-Version", Long.toString(servedVersion));
        respond(exchange, 200, type, served);
    }

    /**
     * A certificate for {@code key} with {@code grant}, valid from {@code notBefore} to {@code notAfter}, issued
     * directly (as enrolment would, without the round trip), for tests of what a credential may do.
     */
    X509Certificate issue(PublicKey key, MirrorGrant grant, Instant notBefore, Instant notAfter) {
        BigInteger serial = new BigInteger(64, new java.security.SecureRandom()).setBit(0);
        return MirrorCertificateProfile.mirrorCertificate(
                ca, caKeys.getPrivate(), key, new MirrorCredential(grant, serial, notBefore, notAfter));
    }

    /** Signs snapshots as signing-service does (the same publisher key as the revocation list), so a tracker can publish. */
    private void signSnapshot(HttpExchange exchange) throws IOException {
        if (!authorised(exchange)) {
            problem(exchange, 401, "Unknown token.");
            return;
        }
        byte[] document = exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Ossnet-Key-Fingerprint", key.fingerprint());
        respond(exchange, 200, "application/pgp-signature", key.sign(document).getBytes(StandardCharsets.US_ASCII));
    }

    private boolean authorised(HttpExchange exchange) {
        return ("Bearer " + issuerToken).equals(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    private void problem(HttpExchange exchange, int status, String detail) throws IOException {
        respond(
                exchange,
                status,
                "application/problem+json",
                json.writeValueAsBytes(Map.of("status", status, "detail", detail)));
    }

    private void invalid(HttpExchange exchange, String field, String detail) throws IOException {
        respond(
                exchange,
                400,
                "application/problem+json",
                json.writeValueAsBytes(Map.of("status", 400, "field", field, "detail", detail)));
    }

    private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
