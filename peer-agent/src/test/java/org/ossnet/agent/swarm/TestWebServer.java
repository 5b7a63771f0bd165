package org.ossnet.agent.swarm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small HTTP/1.1 file server for web seed tests, on the JDK's server, serving one file's byte ranges the way a test
 * scripts: honestly, with a flipped byte, refusing the first requests with 503, or slowly. The honest case is covered
 * by the real origin ({@code HttpFileServer}); this one exists for the misbehaviours.
 */
final class TestWebServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    private final HttpServer server;
    private final byte[] data;
    private final boolean corrupt;
    private final int unavailableFirst;
    private final long delayMillis;
    private final AtomicInteger requests = new AtomicInteger();

    private TestWebServer(byte[] data, boolean corrupt, int unavailableFirst, long delayMillis) throws IOException {
        this.data = data;
        this.corrupt = corrupt;
        this.unavailableFirst = unavailableFirst;
        this.delayMillis = delayMillis;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves the file with one byte of every response flipped. */
    static TestWebServer corrupting(byte[] data) throws IOException {
        return new TestWebServer(data, true, 0, 0);
    }

    /** Answers the first {@code count} requests with 503, then serves honestly. */
    static TestWebServer unavailableFor(byte[] data, int count) throws IOException {
        return new TestWebServer(data, false, count, 0);
    }

    /** Serves honestly, but waits {@code millis} before each response. */
    static TestWebServer slow(byte[] data, long millis) throws IOException {
        return new TestWebServer(data, false, 0, millis);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/file.bin");
    }

    int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (requests.incrementAndGet() <= unavailableFirst) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            Matcher range = RANGE.matcher(exchange.getRequestHeaders().getFirst("Range"));
            if (!range.matches()) {
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            int from = Integer.parseInt(range.group(1));
            int to = Math.min(data.length - 1, Integer.parseInt(range.group(2)));
            byte[] body = Arrays.copyOfRange(data, from, to + 1);
            if (corrupt) {
                body[body.length / 2] ^= 0x5a;
            }
            Thread.sleep(delayMillis);
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + data.length);
            exchange.sendResponseHeaders(206, body.length);
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
