package org.ossnet.testsupport.signing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.api.PublisherKeys;
import org.ossnet.core.pgp.SigningKey;
import tools.jackson.databind.json.JsonMapper;

/**
 * Speaks signing-service's contract ({@code POST /api/v1/signatures/snapshot} and {@code
 * /region-authority}, {@code GET /api/v1/keys}) on 127.0.0.1 with a real Ed25519 key, so tracker-service's integration tests can
 * exercise publishing without booting a second Spring application. The system tests use the real
 * signing-service. {@link #setAvailable(boolean) setAvailable(false)} makes it refuse with 503,
 * as an overloaded or half-deployed signing-service would.
 */
public final class SigningFixture implements AutoCloseable {

    private final SigningKey key = SigningKey.generate("OSSNET test publisher <test@localhost>");
    private final String token;
    private final HttpServer server;
    private final AtomicBoolean available = new AtomicBoolean(true);
    private final AtomicInteger signatures = new AtomicInteger();
    private final JsonMapper json = JsonMapper.builder().build();

    private SigningFixture(String token) throws IOException {
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/api/v1/signatures/snapshot", this::sign);
        server.createContext("/api/v1/signatures/region-authority", this::sign);
        server.createContext("/api/v1/keys", this::keys);
        server.start();
    }

    /** Starts a signer that accepts {@code token} as its only bearer token. */
    public static SigningFixture start(String token) {
        try {
            return new SigningFixture(token);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the signing fixture", e);
        }
    }

    /** The base URL to configure as {@code ossnet.tracker.signing-url}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The key it signs with. */
    public SigningKey key() {
        return key;
    }

    /** How many signatures it has made. */
    public int signatures() {
        return signatures.get();
    }

    /** Makes every request fail with 503 (false) or be served again (true). */
    public void setAvailable(boolean available) {
        this.available.set(available);
    }

    private void sign(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] document = exchange.getRequestBody().readAllBytes();
            if (!available.get()) {
                respond(exchange, 503, "application/problem+json", "{\"status\":503,\"title\":\"Unavailable\"}");
            } else if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, "application/problem+json", "{\"status\":401,\"title\":\"Unauthorized\"}");
            } else if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "text/plain", "POST only");
            } else {
                signatures.incrementAndGet();
                exchange.getResponseHeaders().add("Ossnet-Key-Fingerprint", key.fingerprint());
                respond(exchange, 200, "application/pgp-signature", key.sign(document));
            }
        }
    }

    private void keys(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!available.get()) {
                respond(exchange, 503, "application/problem+json", "{\"status\":503,\"title\":\"Unavailable\"}");
                return;
            }
            PublisherKeys keys = new PublisherKeys(
                    List.of(new PublisherKey(key.fingerprint(), key.publicKey().armored(), true, null)));
            respond(exchange, 200, "application/json", json.writeValueAsString(keys));
        }
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
