package org.ossnet.signing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.ossnet.core.api.PublisherKeys;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's HTTP API as tests call it: real requests over loopback.
 *
 * @param base the service's base URL
 */
public record SigningApi(URI base) {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static SigningApi at(int port) {
        return new SigningApi(URI.create("http://127.0.0.1:" + port));
    }

    /** POSTs {@code document} for signing; {@code token} may be null for no Authorization header. */
    public HttpResponse<String> sign(String kind, String token, byte[] document) throws IOException {
        return send(request("/api/v1/signatures/" + kind, token)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(document)));
    }

    /** POSTs {@code body} as JSON; {@code token} may be null. */
    public HttpResponse<String> postJson(String path, String token, String body) throws IOException {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** POSTs a PEM body, such as a certificate request; {@code token} may be null. */
    public HttpResponse<String> postPem(String path, String token, String pem) throws IOException {
        return send(request(path, token)
                .header("Content-Type", "application/pkcs10")
                .POST(HttpRequest.BodyPublishers.ofString(pem)));
    }

    /** GETs raw bytes, for documents whose exact bytes are signed. */
    public HttpResponse<byte[]> getBytes(String path) throws IOException {
        try {
            return CLIENT.send(request(path, null).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public HttpResponse<String> rotate(String token) throws IOException {
        return send(request("/api/v1/keys/rotate", token).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public HttpResponse<String> get(String path, String token) throws IOException {
        return send(request(path, token).GET());
    }

    public PublisherKeys keys() throws IOException {
        HttpResponse<String> response = get("/api/v1/keys", null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /api/v1/keys answered " + response.statusCode());
        }
        return json(response, PublisherKeys.class);
    }

    public static <T> T json(HttpResponse<String> response, Class<T> type) {
        return JSON.readValue(response.body(), type);
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
