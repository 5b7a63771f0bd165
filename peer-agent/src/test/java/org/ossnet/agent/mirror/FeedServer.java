package org.ossnet.agent.mirror;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.ossnet.core.api.SnapshotEvent;
import org.ossnet.core.api.SnapshotFeed;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tracker's snapshot feed as docs/API.md describes it, on a loopback port: {@code GET /snapshots/feed?after&wait}
 * answers the events after {@code after}, oldest first, or waits up to {@code wait} seconds for one before answering
 * an empty page whose {@code next} is {@code after}. It can be told to fail with a status instead.
 */
final class FeedServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<SnapshotEvent> events = new ArrayList<>();
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private final List<Long> requestTimes = new CopyOnWriteArrayList<>();
    private volatile int failWith;

    private FeedServer(HttpServer server) {
        this.server = server;
    }

    static FeedServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        FeedServer feed = new FeedServer(server);
        server.createContext("/snapshots/feed", feed::handle);
        server.start();
        return feed;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/snapshots/feed");
    }

    /** Publishes a snapshot: a new event, waking waiting requests. */
    synchronized SnapshotEvent publish(String collection, long version) {
        long id = events.isEmpty() ? 1 : events.getLast().id() + 1;
        SnapshotEvent event = new SnapshotEvent(
                id,
                collection,
                version,
                URI.create("http://127.0.0.1/snapshot.json"),
                URI.create("http://127.0.0.1/snapshot.json.asc"));
        events.add(event);
        notifyAll();
        return event;
    }

    /** Answers every request with {@code status} from now on (0: answer normally again). */
    void failWith(int status) {
        failWith = status;
    }

    /** The query parameters of every request so far. */
    List<Map<String, String>> requests() {
        return requests;
    }

    /** When each request came, in {@link System#nanoTime()}. */
    List<Long> requestTimes() {
        return requestTimes;
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        requests.add(query);
        requestTimes.add(System.nanoTime());
        int status = failWith;
        if (status != 0) {
            send(exchange, status, "{\"title\":\"failing\"}");
            return;
        }
        long after = Long.parseLong(query.getOrDefault("after", "0"));
        long wait = Math.min(30, Long.parseLong(query.getOrDefault("wait", "0")));
        List<SnapshotEvent> page;
        try {
            page = eventsAfter(after, wait * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long next = page.isEmpty() ? after : page.getLast().id();
        send(exchange, 200, JSON.writeValueAsString(new SnapshotFeed(page, next)));
    }

    private synchronized List<SnapshotEvent> eventsAfter(long after, long waitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (true) {
            List<SnapshotEvent> page =
                    events.stream().filter(e -> e.id() > after).toList();
            long left = deadline - System.currentTimeMillis();
            if (!page.isEmpty() || left <= 0) {
                return page;
            }
            wait(left);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
