package org.ossnet.signing.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.api.PublisherKeys;
import org.ossnet.core.credential.MirrorGrant;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls signing-service over HTTP: {@code POST /api/v1/signatures/snapshot} and {@code GET /api/v1/keys}, and the
 * mirror CA's endpoints (its certificate, enrolments, certificates, renewals, revocations and the revocation list).
 * Plain Java: the service that uses it makes the bean from its own settings.
 *
 * <p>Errors map the same way throughout: signing-service unreachable, a 5xx, or an answer that is not what the
 * contract promises is a {@link SigningUnavailableException} (the caller answers 503 and changes nothing). A 4xx
 * of the CA's endpoints is the caller's fault, not signing-service's: it comes back as an {@link Answer} for a relay
 * to pass on unchanged.
 */
public class SigningClient {

    /** The member of signing-service's 409 problem that names the newest version it signed. */
    private static final Pattern SIGNED_VERSION = Pattern.compile("\"signedVersion\"\\s*:\\s*(\\d{1,18})");

    private final Settings settings;
    private final JsonMapper json;
    private final HttpClient http;

    /**
     * Where signing-service is and how to reach it.
     *
     * @param url signing-service's base URL
     * @param token the bearer token with the role that may sign, or null (then signing fails, reading keys works)
     * @param timeout for connecting and for each call
     * @param tokenName the setting the token comes from, named in the error when it is missing
     */
    public record Settings(URI url, String token, Duration timeout, String tokenName) {

        /** Never shows the token: settings end up in logs. */
        @Override
        public String toString() {
            return "Settings[url=" + url + ", token=" + (token == null ? "none" : "(set)") + ", timeout=" + timeout
                    + "]";
        }
    }

    /** A client of the signing-service {@code settings} name, reading JSON with {@code json}. */
    public SigningClient(Settings settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    /** A detached armored signature and the fingerprint of the key that made it. */
    public record Signature(String armored, String keyFingerprint) {}

    /** Has the exact bytes of a snapshot document signed. */
    public Signature signSnapshot(byte[] document) {
        return sign("snapshot", document);
    }

    /** Has the exact bytes of a region authority signed (the token needs the role {@code sign-region-authority}). */
    public Signature signRegionAuthority(byte[] document) {
        return sign("region-authority", document);
    }

    private Signature sign(String kind, byte[] document) {
        if (settings.token() == null || settings.token().isBlank()) {
            throw new SigningUnavailableException("No " + settings.tokenName() + " is configured", null);
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint("/api/v1/signatures/" + kind))
                .timeout(settings.timeout())
                .header("Authorization", "Bearer " + settings.token())
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(document))
                .build();
        HttpResponse<String> response = send(request);
        String fingerprint =
                response.headers().firstValue("Ossnet-Key-Fingerprint").orElse("");
        if (response.statusCode() == 409) {
            Matcher signed = SIGNED_VERSION.matcher(response.body());
            if (signed.find()) {
                throw new VersionAlreadySignedException(Long.parseLong(signed.group(1)), abbreviate(response.body()));
            }
        }
        if (response.statusCode() != 200 || fingerprint.isEmpty()) {
            throw new SigningUnavailableException(
                    "signing-service answered " + response.statusCode() + ": " + abbreviate(response.body()), null);
        }
        return new Signature(response.body(), fingerprint);
    }

    /** The publisher keys signing-service currently publishes, active key first. */
    public List<PublisherKey> publisherKeys() {
        HttpRequest request = HttpRequest.newBuilder(endpoint("/api/v1/keys"))
                .timeout(settings.timeout())
                .GET()
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new SigningUnavailableException(
                    "signing-service answered " + response.statusCode() + " for its keys", null);
        }
        return json.readValue(response.body(), PublisherKeys.class).keys();
    }

    /**
     * An answer of signing-service passed on as it came: a 2xx with its result, or a 4xx problem about the request.
     *
     * @param status the HTTP status
     * @param contentType its {@code Content-Type}, {@code application/octet-stream} when it named none
     * @param body the exact bytes
     */
    public record Answer(int status, String contentType, byte[] body) {

        /** Whether signing-service did what was asked. */
        public boolean succeeded() {
            return status >= 200 && status < 300;
        }

        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** Never shows the body: an enrolment's answer holds its one-time token. */
        @Override
        public String toString() {
            return "Answer[status=" + status + ", contentType=" + contentType + ", " + body.length + " bytes]";
        }
    }

    /**
     * The mirror CA certificate and its fingerprint, as signing-service publishes them.
     *
     * @param pem the certificate in PEM
     * @param sha256 the SHA-256 of its DER in lower-case hex, from the {@code Ossnet-Ca-Sha256} header
     */
    public record MirrorCa(String pem, String sha256) {}

    /**
     * A revocation list exactly as signed, with its detached signature fetched by the same version.
     *
     * @param version the version signing-service named in {@code Ossnet-Revocation-List-Version}
     * @param document the exact bytes of the list
     * @param signature the armored detached signature over them
     */
    public record SignedRevocationList(long version, byte[] document, String signature) {}

    /** The mirror CA certificate ({@code GET /api/v1/mirror-ca.pem}). */
    public MirrorCa mirrorCa() {
        HttpResponse<byte[]> response = sendBytes(get("/api/v1/mirror-ca.pem"));
        String sha256 = response.headers().firstValue("Ossnet-Ca-Sha256").orElse("");
        if (response.statusCode() != 200 || !sha256.matches("[0-9a-f]{64}")) {
            throw unexpected(response, "the mirror CA certificate");
        }
        return new MirrorCa(new String(response.body(), StandardCharsets.US_ASCII), sha256);
    }

    /**
     * Creates a mirror's one-time enrolment token ({@code POST /api/v1/mirror-enrolments}, the token needs the role
     * {@code issue-mirror-credentials}). The body is passed on as it is; the answer holds the token, shown once.
     */
    public Answer createEnrolment(byte[] requestJson) {
        return relay(authorised("/api/v1/mirror-enrolments")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(requestJson))
                .build());
    }

    /**
     * A mirror's first certificate ({@code POST /api/v1/mirror-certificates}): its enrolment token is the bearer
     * token, the body a PKCS#10 request in PEM. This client's own token is not sent.
     */
    public Answer issueMirrorCertificate(String enrolmentToken, byte[] csrPem) {
        if (enrolmentToken == null || enrolmentToken.isBlank() || !enrolmentToken.matches("[\\x21-\\x7e]+")) {
            throw new IllegalArgumentException("an enrolment token is printable ASCII without spaces");
        }
        return relay(request("/api/v1/mirror-certificates")
                .header("Authorization", "Bearer " + enrolmentToken)
                .header("Content-Type", "application/pkcs10")
                .POST(HttpRequest.BodyPublishers.ofByteArray(csrPem))
                .build());
    }

    /** A renewal ({@code POST /api/v1/mirror-certificates/renewals}, body {@code {"certificate","csr"}}), no token. */
    public Answer renewMirrorCertificate(byte[] requestJson) {
        return relay(request("/api/v1/mirror-certificates/renewals")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(requestJson))
                .build());
    }

    /**
     * Revokes every certificate of mirror {@code name} ({@code POST /api/v1/mirrors/{name}/revocation}, role
     * {@code issue-mirror-credentials}).
     *
     * @throws IllegalArgumentException when {@code name} is not a mirror name (a lower-case DNS name)
     */
    public Answer revokeMirror(String name) {
        // Checked here, so nothing but a DNS name is ever put into the path.
        MirrorGrant.name(name);
        return relay(authorised("/api/v1/mirrors/" + name + "/revocation")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    /**
     * The newest revocation list and its signature, the signature fetched by the version the list's answer named.
     * Nothing is verified here: the caller verifies with core's {@code RevocationListVerifier}.
     */
    public SignedRevocationList revocationList() {
        HttpResponse<byte[]> document = sendBytes(get("/api/v1/revocation-list"));
        String header =
                document.headers().firstValue("Ossnet-Revocation-List-Version").orElse("");
        if (document.statusCode() != 200 || !header.matches("[1-9][0-9]{0,17}")) {
            throw unexpected(document, "the revocation list");
        }
        long version = Long.parseLong(header);
        HttpResponse<byte[]> signature = sendBytes(get("/api/v1/revocation-list.asc?version=" + version));
        if (signature.statusCode() != 200) {
            throw unexpected(signature, "the revocation list's signature");
        }
        return new SignedRevocationList(
                version, document.body(), new String(signature.body(), StandardCharsets.US_ASCII));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(endpoint(path)).timeout(settings.timeout());
    }

    private HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private HttpRequest.Builder authorised(String path) {
        if (settings.token() == null || settings.token().isBlank()) {
            throw new SigningUnavailableException("No " + settings.tokenName() + " is configured", null);
        }
        return request(path).header("Authorization", "Bearer " + settings.token());
    }

    /** A 2xx or 4xx as it came; a 5xx or anything else means signing-service cannot help now. */
    private Answer relay(HttpRequest request) {
        HttpResponse<byte[]> response = sendBytes(request);
        int status = response.statusCode();
        if (status < 200 || status >= 500 || (status >= 300 && status < 400)) {
            throw unexpected(response, request.uri().getPath());
        }
        String type = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
        return new Answer(status, type, response.body());
    }

    private static SigningUnavailableException unexpected(HttpResponse<byte[]> response, String what) {
        return new SigningUnavailableException(
                "signing-service answered " + response.statusCode() + " for " + what + ": "
                        + abbreviate(new String(response.body(), StandardCharsets.UTF_8)),
                null);
    }

    private HttpResponse<byte[]> sendBytes(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new SigningUnavailableException(
                    "signing-service at " + settings.url() + " is unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SigningUnavailableException("Interrupted while calling signing-service", e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SigningUnavailableException(
                    "signing-service at " + settings.url() + " is unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SigningUnavailableException("Interrupted while calling signing-service", e);
        }
    }

    private URI endpoint(String path) {
        return settings.url().resolve(path);
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
