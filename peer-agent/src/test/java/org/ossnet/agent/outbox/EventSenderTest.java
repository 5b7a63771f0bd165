package org.ossnet.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.net.HttpExchanges;
import org.ossnet.agent.net.SourceAddress;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.api.DownloadEventBatch;
import org.ossnet.core.api.DownloadEventReceipt;
import org.ossnet.core.testing.Await;
import tools.jackson.databind.json.JsonMapper;

/** The sender against a real loopback server speaking the tracker's {@code /api/v1/events} contract. */
@Timeout(60)
class EventSenderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final OutboxLimits FAST =
            OutboxLimits.DEFAULTS.withBackoff(Duration.ofMillis(20), Duration.ofMillis(100));

    /** One scripted answer: status, headers as name/value pairs, body; null body means a receipt. */
    private record Answer(int status, List<String> headers, String body) {}

    @TempDir
    Path dir;

    private HttpServer server;
    private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<DownloadEventBatch> received = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean hang;
    private Outbox outbox;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/events", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        outbox = Outbox.open(dir, FAST, warnings::add);
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        DownloadEventBatch batch = JSON.readValue(exchange.getRequestBody().readAllBytes(), DownloadEventBatch.class);
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        if (hang) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Answer answer = script.poll();
        if (answer == null) {
            answer = new Answer(200, List.of(), null);
        }
        if (answer.status() == 200 && answer.body() == null) {
            received.add(batch);
        }
        for (int i = 0; i < answer.headers().size(); i += 2) {
            exchange.getResponseHeaders()
                    .add(answer.headers().get(i), answer.headers().get(i + 1));
        }
        byte[] body = answer.body() != null
                ? answer.body().getBytes(StandardCharsets.UTF_8)
                : JSON.writeValueAsBytes(new DownloadEventReceipt(
                        batch.events().size(), batch.events().size(), 0));
        exchange.getResponseHeaders()
                .set("Content-Type", answer.status() == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private EventSender sender(OutboxLimits limits, Optional<String> token) {
        URI tracker = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new EventSender(
                outbox,
                tracker,
                () -> token,
                new HttpExchanges(SourceAddress.ANY, Duration.ofSeconds(5)),
                limits,
                warnings::add);
    }

    private List<DownloadEvent> add(int n) throws Exception {
        List<DownloadEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            DownloadEvent e = OutboxFixtures.event("f" + i);
            outbox.add(e);
            events.add(e);
        }
        return events;
    }

    private static String problem(int status, String field, String detail) {
        return "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":" + status + ",\"detail\":\"" + detail
                + "\"" + (field == null ? "" : ",\"field\":\"" + field + "\"") + "}";
    }

    @Test
    void deletesTheEventsOnceTheReceiptIsInHandBatchByBatch() throws Exception {
        List<DownloadEvent> events = add(5);

        EventSender.Result result =
                sender(FAST.withBatchEvents(2), Optional.empty()).flush(Duration.ofSeconds(10));

        assertThat(result).isEqualTo(new EventSender.Result(5, 0, null));
        assertThat(received).hasSize(3);
        assertThat(received.stream().flatMap(b -> b.events().stream()).toList()).containsExactlyElementsOf(events);
        assertThat(outbox.oldest(10)).isEmpty();
        assertThat(authorizations).containsOnly("null");
    }

    @Test
    void keepsTheEventsThrough503AndSendsThemUnchangedAfterTheBackOff() throws Exception {
        List<DownloadEvent> events = add(2);
        script.add(new Answer(503, List.of(), problem(503, null, "statistics are not configured")));
        // A back-off of 1-2 s: "at once" below must come within it even on a loaded machine (20 ms did not, once).
        EventSender sender = sender(FAST.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(2)), Optional.empty());

        EventSender.Result failed = sender.flush(Duration.ofSeconds(10));
        assertThat(failed.sent()).isZero();
        assertThat(failed.problem()).contains("503").contains("statistics are not configured");
        assertThat(outbox.oldest(10)).hasSize(2);

        // Backing off: a flush at once sends nothing and says why the last one failed.
        assertThat(sender.flush(Duration.ofSeconds(10)).problem()).contains("503");
        assertThat(received).isEmpty();
        Await.until(() -> sender.backingOff().isZero(), Duration.ofSeconds(5));

        assertThat(sender.flush(Duration.ofSeconds(10))).isEqualTo(new EventSender.Result(2, 0, null));
        assertThat(received.getFirst().events()).containsExactlyElementsOf(events);
    }

    @Test
    void waitsAtLeastRetryAfterOn429() throws Exception {
        add(1);
        script.add(new Answer(429, List.of("Retry-After", "1"), problem(429, null, "over the rate bound")));
        // A back-off capped well above the server's Retry-After, which is then what decides.
        EventSender sender = sender(FAST.withBackoff(Duration.ofMillis(20), Duration.ofSeconds(5)), Optional.empty());

        long refused = System.nanoTime();
        assertThat(sender.flush(Duration.ofSeconds(10)).problem()).contains("429");
        assertThat(sender.backingOff()).isGreaterThan(Duration.ofMillis(900));
        sender.flush(Duration.ofSeconds(10));
        assertThat(received).isEmpty();
        Await.until(() -> sender.backingOff().isZero(), Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - refused))
                .as("ready again no sooner than Retry-After")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));

        assertThat(sender.flush(Duration.ofSeconds(10)).sent()).isEqualTo(1);
        assertThat(outbox.oldest(10)).isEmpty();
    }

    @Test
    void quarantinesTheEventA400NamesAndSendsTheRest() throws Exception {
        List<DownloadEvent> events = add(3);
        script.add(new Answer(400, List.of(), problem(400, "events[1].path", "not a file of version 3")));

        EventSender.Result result = sender(FAST, Optional.empty()).flush(Duration.ofSeconds(10));

        assertThat(result).isEqualTo(new EventSender.Result(2, 1, null));
        assertThat(received.getFirst().events()).containsExactly(events.get(0), events.get(2));
        assertThat(outbox.quarantined()).isEqualTo(1);
        assertThat(warnings).anyMatch(w -> w.contains("events[1].path: not a file of version 3"));
    }

    @Test
    void keepsTheEventsWhenA400NamesNoEvent() throws Exception {
        add(2);
        script.add(new Answer(400, List.of(), problem(400, null, "malformed")));

        EventSender.Result result = sender(FAST, Optional.empty()).flush(Duration.ofSeconds(10));

        assertThat(result.sent()).isZero();
        assertThat(outbox.oldest(10)).hasSize(2);
        assertThat(outbox.quarantined()).isZero();
    }

    @Test
    void sendsTheTokenAndKeepsTheEventsWhenItIsRefused() throws Exception {
        add(1);
        script.add(new Answer(401, List.of(), problem(401, null, "unknown token")));

        EventSender.Result result = sender(FAST, Optional.of("report-token")).flush(Duration.ofSeconds(10));

        assertThat(authorizations).containsExactly("Bearer report-token");
        assertThat(result.problem()).contains("401").contains("token was refused");
        assertThat(outbox.oldest(10)).hasSize(1);
        assertThat(warnings).anyMatch(w -> w.startsWith("warning: download events not reported"));
    }

    @Test
    void givesUpOnAHungTrackerAtTheDeadlineAndKeepsTheEvents() throws Exception {
        add(1);
        hang = true;

        long start = System.nanoTime();
        EventSender.Result result = sender(FAST, Optional.empty()).flush(Duration.ofMillis(500));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofSeconds(2));
        assertThat(result.problem()).contains("did not answer in time");
        assertThat(outbox.oldest(10)).hasSize(1);
    }

    @Test
    void keepsTheEventsWhenTheTrackerHasNoEndpoint() throws Exception {
        add(1);
        script.add(new Answer(404, List.of(), problem(404, null, "no such endpoint")));

        EventSender.Result result = sender(FAST, Optional.empty()).flush(Duration.ofSeconds(10));

        assertThat(result.problem()).contains("takes no download events");
        assertThat(outbox.oldest(10)).hasSize(1);
    }
}
