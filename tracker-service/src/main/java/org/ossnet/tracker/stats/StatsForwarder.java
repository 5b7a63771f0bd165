package org.ossnet.tracker.stats;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ossnet.tracker.system.TrackerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the outbox to stats-service in enqueue order, one batch at a time, and deletes a batch's rows only once
 * stats-service's receipt is in. Runs on one thread of its own, so there is never more than one delivery in flight
 * from this replica: every {@code forward-interval}, and at once when {@link #kick} says rows arrived.
 *
 * <p>A failed delivery is retried after a wait that doubles from {@code retry-min} up to {@code retry-max}. A 400
 * naming one event ({@code events[3].bytes}) parks that event and sends the rest, so one bad event cannot hold up
 * the queue. Replicas may forward the same rows at once; stats-service counts each event id once, so that costs
 * bandwidth, never correctness.
 */
@Component
class StatsForwarder implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StatsForwarder.class);

    private final Outbox outbox;
    private final TrackerProperties.Stats settings;
    private final Clock clock;
    private final StatsClient client;
    private final ScheduledExecutorService thread;
    private static final Duration BACKLOG_REFRESH = Duration.ofSeconds(1);

    private final AtomicBoolean kicked = new AtomicBoolean();
    private Instant backlogCountedAt;
    private final Counter forwarded;
    private final Counter parked;
    private final Counter failures;
    private volatile ForwarderState state;

    StatsForwarder(Outbox outbox, TrackerProperties properties, JsonMapper json, Clock clock, MeterRegistry meters) {
        this.outbox = outbox;
        this.settings = properties.stats();
        this.clock = clock;
        this.state = ForwarderState.initial(settings.enabled());
        this.client = settings.enabled() ? new StatsClient(settings, json) : null;
        this.thread = settings.enabled()
                ? Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().name("stats-forwarder").daemon().factory())
                : null;
        this.forwarded = Counter.builder("ossnet.tracker.stats.forwarded")
                .description("Download events stats-service acknowledged")
                .register(meters);
        this.parked = Counter.builder("ossnet.tracker.stats.failed")
                .description("Download events stats-service refused; parked in the outbox, not sent again")
                .register(meters);
        this.failures = Counter.builder("ossnet.tracker.stats.delivery.failures")
                .description("Deliveries to stats-service that failed and will be retried")
                .register(meters);
        Gauge.builder(
                        "ossnet.tracker.stats.outbox.depth",
                        this,
                        f -> f.state.backlog().depth())
                .description("Download events waiting to be forwarded")
                .register(meters);
        Gauge.builder("ossnet.tracker.stats.outbox.oldest", this, f -> f.oldestAgeSeconds())
                .description("Age in seconds of the oldest event waiting to be forwarded; 0 when none waits")
                .baseUnit("seconds")
                .register(meters);
    }

    /** Starts the rounds once the application is ready, so no delivery runs against a half-started context. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (thread != null) {
            long every = settings.forwardInterval().toMillis();
            thread.scheduleWithFixedDelay(this::round, 0, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Says rows were queued: a round runs soon unless one is already waiting to, or a retry is not yet due. */
    void kick() {
        if (thread != null && kicked.compareAndSet(false, true)) {
            thread.execute(() -> {
                kicked.set(false);
                round();
            });
        }
    }

    ForwarderState state() {
        return state;
    }

    private double oldestAgeSeconds() {
        Instant oldest = state.backlog().oldest();
        return oldest == null
                ? 0
                : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }

    /** One round: delivers batches until the outbox is empty or a delivery fails. Never throws. */
    private void round() {
        try {
            if (state.nextAttempt() != null && clock.instant().isBefore(state.nextAttempt())) {
                state = state.withBacklog(outbox.backlog());
                return;
            }
            while (deliverOne()) {
                // Each delivered or parked event is progress; a failure ends the round.
            }
        } catch (RuntimeException e) {
            failed("the outbox cannot be read: " + e.getMessage());
        }
    }

    /** Sends the oldest rows as one batch; true when there may be more to send now. */
    private boolean deliverOne() {
        List<Outbox.Queued> rows = outbox.next(settings.batchSize());
        if (rows.isEmpty()) {
            state = state.withBacklog(outbox.backlog());
            return false;
        }
        int events = rows.stream().mapToInt(Outbox.Queued::events).sum();
        switch (client.send(Outbox.body(rows), events)) {
            case StatsClient.Delivery.Delivered delivered -> {
                outbox.delete(rows.stream().map(Outbox.Queued::seq).toList());
                forwarded.increment(events);
                state = state.delivered(clock.instant(), backlogAfterDelivery());
                log.debug(
                        "Forwarded {} events ({} new to stats-service)",
                        events,
                        delivered.receipt().added());
                return true;
            }
            case StatsClient.Delivery.Refused refused -> {
                int index = refused.index();
                for (Outbox.Queued row : rows) {
                    if (index < row.events()) {
                        outbox.park(row, index, refused.reason(), clock.instant())
                                .ifPresent(bad -> {
                                    parked.increment();
                                    log.warn(
                                            "stats-service refused event {} of {} version {}: {}; parked it, sending"
                                                    + " the rest",
                                            bad.eventId(),
                                            bad.collection(),
                                            bad.version(),
                                            refused.reason());
                                });
                        break;
                    }
                    index -= row.events();
                }
                return true;
            }
            case StatsClient.Delivery.Failed failed -> {
                failed(failed.reason());
                return false;
            }
        }
    }

    /**
     * The backlog after a delivery: counted again at most once a second, since counting is a scan of the outbox, which
     * would otherwise cost more than the delivery itself while a large backlog drains.
     */
    private Outbox.Backlog backlogAfterDelivery() {
        Instant now = clock.instant();
        if (backlogCountedAt != null && Duration.between(backlogCountedAt, now).compareTo(BACKLOG_REFRESH) < 0) {
            return state.backlog();
        }
        backlogCountedAt = now;
        return outbox.backlog();
    }

    private void failed(String reason) {
        failures.increment();
        int failuresInARow = state.failuresInARow() + 1;
        Duration wait = backoff(settings, failuresInARow);
        Instant now = clock.instant();
        Outbox.Backlog backlog;
        try {
            backlog = outbox.backlog();
        } catch (RuntimeException e) {
            backlog = state.backlog();
        }
        state = state.failed(now, reason, now.plus(wait), backlog);
        log.warn("Forwarding statistics failed ({} in a row): {}; next attempt in {}", failuresInARow, reason, wait);
    }

    /** {@code retry-min} doubled for each earlier failure in a row, at most {@code retry-max}. */
    static Duration backoff(TrackerProperties.Stats settings, int failuresInARow) {
        int doublings = Math.min(failuresInARow - 1, 30);
        Duration wait = settings.retryMin().multipliedBy(1L << doublings);
        return wait.compareTo(settings.retryMax()) > 0 ? settings.retryMax() : wait;
    }

    @Override
    public void destroy() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }
}
