package org.ossnet.tracker.stats;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.ossnet.tracker.system.TrackerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the outbox to stats-service, oldest rows first, and deletes a delivery's rows only once stats-service's receipt
 * for them is in. One thread looks at the outbox (every {@code forward-interval}, at once when {@link #kick} says rows
 * arrived, and whenever a delivery ends) and hands up to {@code deliveries} deliveries at a time to threads of their
 * own, each with rows no other delivery in flight holds. With one delivery at a time stats-service, its database and
 * this one each waited on the others, and the forwarder fell behind a busy intake; several keep them all busy.
 * Deliveries may therefore be acknowledged out of enqueue order; the order within one delivery is kept.
 *
 * <p>A failed delivery is retried after a wait that doubles from {@code retry-min} up to {@code retry-max}; failures of
 * deliveries that were already in flight when an earlier one failed count as the same outage, not as more failures in
 * a row. A 400 naming one event ({@code events[3].bytes}) parks that event and sends the rest, so one bad event cannot
 * hold up the queue. A delivery whose answer is lost is sent again, and replicas may forward the same rows at once;
 * stats-service counts each event id once, so that costs bandwidth, never correctness.
 */
@Component
class StatsForwarder implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StatsForwarder.class);
    private static final Duration BACKLOG_REFRESH = Duration.ofSeconds(1);

    private final Outbox outbox;
    private final TrackerProperties.Stats settings;
    private final Clock clock;
    private final StatsClient client;
    /** Looks at the outbox and starts deliveries; never waits on stats-service. */
    private final ScheduledExecutorService thread;
    /** Carries the deliveries in flight, one thread each. */
    private final ExecutorService senders;

    private final AtomicBoolean kicked = new AtomicBoolean();
    /** The rows of the deliveries in flight; only the outbox thread adds, a delivery removes its own once it ends. */
    private final Set<Long> taken = ConcurrentHashMap.newKeySet();

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter forwarded;
    private final Counter parked;
    private final Counter failures;
    /** Guards the state's replacement, the backlog's last count and the last failure's time. */
    private final Object lock = new Object();

    private Instant backlogCountedAt;
    private Instant lastFailedAt;
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
        this.senders = settings.enabled()
                ? Executors.newFixedThreadPool(
                        settings.deliveries(),
                        Thread.ofPlatform().name("stats-delivery-", 1).daemon().factory())
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
        Gauge.builder("ossnet.tracker.stats.deliveries", inFlight, AtomicInteger::get)
                .description("Deliveries to stats-service in flight")
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

    /**
     * Says rows were queued or a delivery ended: a round runs soon unless one is already waiting to, or a retry is not
     * yet due.
     */
    void kick() {
        if (thread != null && kicked.compareAndSet(false, true)) {
            try {
                thread.execute(() -> {
                    kicked.set(false);
                    round();
                });
            } catch (RejectedExecutionException e) {
                // Shutting down: the rows stay queued for the next start.
            }
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

    /**
     * One round, on the outbox thread: starts deliveries of the oldest rows not in flight until {@code deliveries}
     * are in flight or nothing else waits. Never throws.
     */
    private void round() {
        try {
            if (state.nextAttempt() != null && clock.instant().isBefore(state.nextAttempt())) {
                if (inFlight.get() == 0) {
                    Outbox.Backlog backlog = outbox.backlog();
                    update(s -> s.withBacklog(backlog));
                }
                return;
            }
            while (inFlight.get() < settings.deliveries()) {
                List<Outbox.Queued> rows = outbox.next(settings.batchSize(), List.copyOf(taken));
                if (rows.isEmpty()) {
                    if (inFlight.get() == 0) {
                        Outbox.Backlog backlog = outbox.backlog();
                        update(s -> s.withBacklog(backlog));
                    }
                    return;
                }
                rows.forEach(row -> taken.add(row.seq()));
                inFlight.incrementAndGet();
                Instant started = clock.instant();
                try {
                    senders.execute(() -> deliver(rows, started));
                } catch (RejectedExecutionException e) {
                    release(rows);
                    return;
                }
            }
        } catch (RuntimeException e) {
            failed("the outbox cannot be read: " + e.getMessage(), clock.instant());
        }
    }

    /** Carries one delivery to its end, on a sender thread, and gives its rows back. Never throws. */
    private void deliver(List<Outbox.Queued> rows, Instant started) {
        try {
            send(rows, started);
        } catch (RuntimeException e) {
            failed("the outbox cannot be written: " + e.getMessage(), started);
        } finally {
            release(rows);
            kick();
        }
    }

    private void release(List<Outbox.Queued> rows) {
        rows.forEach(row -> taken.remove(row.seq()));
        inFlight.decrementAndGet();
    }

    /** Sends the rows as one batch and settles the outbox by the answer. */
    private void send(List<Outbox.Queued> rows, Instant started) {
        int events = rows.stream().mapToInt(Outbox.Queued::events).sum();
        switch (client.send(Outbox.body(rows), events)) {
            case StatsClient.Delivery.Delivered delivered -> {
                outbox.delete(rows.stream().map(Outbox.Queued::seq).toList());
                forwarded.increment(events);
                Instant now = clock.instant();
                Outbox.Backlog backlog = backlogAfterDelivery(now);
                update(s -> s.delivered(now, backlog));
                log.debug(
                        "Forwarded {} events ({} new to stats-service)",
                        events,
                        delivered.receipt().added());
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
            }
            case StatsClient.Delivery.Failed failed -> failed(failed.reason(), started);
        }
    }

    private void update(UnaryOperator<ForwarderState> change) {
        synchronized (lock) {
            state = change.apply(state);
        }
    }

    /**
     * The backlog after a delivery: counted again at most once a second, since counting is a scan of the outbox, which
     * would otherwise cost more than the delivery itself while a large backlog drains.
     */
    private Outbox.Backlog backlogAfterDelivery(Instant now) {
        synchronized (lock) {
            if (backlogCountedAt != null
                    && Duration.between(backlogCountedAt, now).compareTo(BACKLOG_REFRESH) < 0) {
                return state.backlog();
            }
            backlogCountedAt = now;
        }
        return outbox.backlog();
    }

    /**
     * Records a failed delivery, or a failed look at the outbox, begun at {@code started}, and sets when the next may
     * begin. A delivery begun before the last failure was recorded fails of the same outage: it is counted, but neither
     * lengthens the wait nor moves the next attempt.
     */
    private void failed(String reason, Instant started) {
        failures.increment();
        Outbox.Backlog backlog;
        try {
            backlog = outbox.backlog();
        } catch (RuntimeException e) {
            backlog = state.backlog();
        }
        Instant now = clock.instant();
        Duration wait;
        int failuresInARow;
        synchronized (lock) {
            boolean sameOutage = lastFailedAt != null && started.isBefore(lastFailedAt) && state.failingSince() != null;
            if (sameOutage) {
                state = state.failedAgain(reason, backlog);
                return;
            }
            lastFailedAt = now;
            failuresInARow = state.failuresInARow() + 1;
            wait = backoff(settings, failuresInARow);
            state = state.failed(now, reason, now.plus(wait), backlog);
        }
        log.warn("Forwarding statistics failed ({} in a row): {}; next attempt in {}", failuresInARow, reason, wait);
        try {
            thread.schedule(this::kick, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shutting down: the rows stay queued for the next start.
        }
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
            senders.shutdownNow();
        }
    }
}
