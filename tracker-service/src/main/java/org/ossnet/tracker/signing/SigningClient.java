package org.ossnet.tracker.signing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.api.PublisherKeys;
import org.ossnet.tracker.system.TrackerProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Calls signing-service over HTTP: {@code POST /api/v1/signatures/snapshot} and {@code GET /api/v1/keys}. */
@Component
public class SigningClient {

    private final TrackerProperties properties;
    private final JsonMapper json;
    private final HttpClient http;

    SigningClient(TrackerProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.signingTimeout())
                .build();
    }

    /** A detached armored signature and the fingerprint of the key that made it. */
    public record Signature(String armored, String keyFingerprint) {}

    /** Has the exact bytes of a snapshot document signed. */
    public Signature signSnapshot(byte[] document) {
        if (properties.signingToken() == null || properties.signingToken().isBlank()) {
            throw new SigningUnavailableException("No ossnet.tracker.signing-token is configured", null);
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint("/api/v1/signatures/snapshot"))
                .timeout(properties.signingTimeout())
                .header("Authorization", "Bearer " + properties.signingToken())
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(document))
                .build();
        HttpResponse<String> response = send(request);
        String fingerprint =
                response.headers().firstValue("Ossnet-Key-Fingerprint").orElse("");
        if (response.statusCode() != 200 || fingerprint.isEmpty()) {
            throw new SigningUnavailableException(
                    "signing-service answered " + response.statusCode() + ": " + abbreviate(response.body()), null);
        }
        return new Signature(response.body(), fingerprint);
    }

    /** The publisher keys signing-service currently publishes, active key first. */
    public List<PublisherKey> publisherKeys() {
        HttpRequest request = HttpRequest.newBuilder(endpoint("/api/v1/keys"))
                .timeout(properties.signingTimeout())
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
                    "signing-service at " + properties.signingUrl() + " is unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SigningUnavailableException("Interrupted while calling signing-service", e);
        }
    }

    private URI endpoint(String path) {
        return properties.signingUrl().resolve(path);
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
