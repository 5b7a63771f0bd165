package org.ossnet.system;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

/**
 * An HTTP proxy in front of a real tracker that can rewrite response bodies: the attacker on the
 * path (or the compromised mirror) that tampers with snapshots, swaps signatures and replays old
 * versions. Clients are pointed at it as if it were the tracker.
 */
final class TamperingProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP =
            Set.of("connection", "content-length", "transfer-encoding", "keep-alive", "host", "upgrade");

    private final URI target;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private volatile BiFunction<String, byte[], byte[]> rewrite = (path, body) -> body;

    private TamperingProxy(URI target, int port) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::forward);
        server.start();
    }

    /** Starts a proxy on {@code port} (0 for any) forwarding to {@code target}. */
    static TamperingProxy start(URI target, int port) throws IOException {
        return new TamperingProxy(target, port);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Rewrites every response body with {@code rewrite(path, body)} from now on. */
    void rewrite(BiFunction<String, byte[], byte[]> rewrite) {
        this.rewrite = rewrite;
    }

    /** Passes everything through unchanged again. */
    void honest() {
        rewrite((path, body) -> body);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            String pathAndQuery = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null
                            ? ""
                            : "?" + exchange.getRequestURI().getRawQuery());
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + pathAndQuery))
                    .method(
                            exchange.getRequestMethod(),
                            HttpRequest.BodyPublishers.ofByteArray(
                                    exchange.getRequestBody().readAllBytes()));
            for (Map.Entry<String, List<String>> header :
                    exchange.getRequestHeaders().entrySet()) {
                if (!HOP_BY_HOP.contains(header.getKey().toLowerCase())) {
                    header.getValue().forEach(value -> request.header(header.getKey(), value));
                }
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = rewrite.apply(exchange.getRequestURI().getRawPath(), response.body());
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                }
            });
            exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
