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
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls signing-service over HTTP: {@code POST /api/v1/signatures/snapshot} and {@code GET /api/v1/keys}. Plain
 * Java: the service that uses it makes the bean from its own settings.
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
