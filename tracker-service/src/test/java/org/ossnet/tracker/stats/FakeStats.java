package org.ossnet.tracker.stats;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.api.DownloadEventBatch;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP peer standing in for stats-service's {@code POST /api/v1/events} (the tracker's tests may not depend
 * on stats-service's module): it stores events by id as stats-service does, answers deliveries concurrently, and can
 * be told to be down (503), to fail the next few deliveries, to store the next few and lose their answers, to hold
 * every delivery until released, or to refuse one event by id with a 400 naming {@code events[i].bytes}.
 */
final class FakeStats implements AutoCloseable {

    static final String TOKEN = "stats-ingest-token-for-the-tracker";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final Set<UUID> stored = Collections.synchronizedSet(new LinkedHashSet<>());
    private final List<List<UUID>> deliveries = new CopyOnWriteArrayList<>();
    private final Set<UUID> refused = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger loseAnswers = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    private FakeStats(HttpServer server) {
        this.server = server;
    }

    static FakeStats start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            FakeStats fake = new FakeStats(server);
            server.createContext("/api/v1/events", fake::handle);
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** While down, every delivery is answered 503. */
    void down(boolean isDown) {
        down.set(isDown);
    }

    /** The next {@code count} deliveries are answered 503. */
    void failNext(int count) {
        failNext.set(count);
    }

    /** The next {@code count} deliveries are stored, and then answered 503 as if the receipt had been lost. */
    void loseAnswers(int count) {
        loseAnswers.set(count);
    }

    /** While held, every delivery waits (at most 30 s) once it has been recorded, until {@link #release}. */
    void hold() {
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    /** Deliveries being answered now. */
    int inFlight() {
        return inFlight.get();
    }

    /** The most deliveries that were being answered at once. */
    int mostInFlight() {
        return mostInFlight.get();
    }

    /** A batch holding this event is refused with a 400 naming it. */
    void refuse(UUID eventId) {
        refused.add(eventId);
    }

    /** The ids stored, in the order they first arrived. */
    List<UUID> stored() {
        synchronized (stored) {
            return new ArrayList<>(stored);
        }
    }

    /** Deliveries answered 503. */
    int failures() {
        return failures.get();
    }

    /** Every delivery's event ids, in order, whatever the answer. */
    List<List<UUID>> deliveries() {
        return List.copyOf(deliveries);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "{\"status\":401,\"detail\":\"unknown token\"}");
                return;
            }
            DownloadEventBatch batch =
                    JSON.readValue(exchange.getRequestBody().readAllBytes(), DownloadEventBatch.class);
            List<UUID> ids = batch.events().stream().map(DownloadEvent::eventId).toList();
            deliveries.add(ids);
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            if (down.get() || failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                failures.incrementAndGet();
                answer(exchange, 503, "{\"status\":503,\"detail\":\"down for the test\"}");
                return;
            }
            for (int i = 0; i < ids.size(); i++) {
                if (refused.contains(ids.get(i))) {
                    answer(
                            exchange,
                            400,
                            "{\"status\":400,\"field\":\"events[" + i + "].bytes\",\"detail\":\"events[" + i
                                    + "].bytes is refused by the test.\"}");
                    return;
                }
            }
            int added = 0;
            for (UUID id : ids) {
                if (stored.add(id)) {
                    added++;
                }
            }
            if (loseAnswers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                failures.incrementAndGet();
                answer(exchange, 503, "{\"status\":503,\"detail\":\"stored, answer lost for the test\"}");
                return;
            }
            answer(
                    exchange,
                    200,
                    "{\"received\":" + ids.size() + ",\"added\":" + added + ",\"duplicates\":" + (ids.size() - added)
                            + "}");
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
