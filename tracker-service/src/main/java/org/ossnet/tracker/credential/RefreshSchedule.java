package org.ossnet.tracker.credential;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.TriggerContext;

/**
 * When a copy the tracker holds from signing-service (the mirror CA certificate, the revocation list) is fetched
 * next: {@link #FIRST} after start; then every {@code interval} while a current copy is held; while none is (none has
 * arrived, or the held one has expired), sooner: {@link #FIRST} after a failed fetch, doubling with each failure in a
 * row up to {@link #MAX_RETRY}, never beyond {@code interval}. A tracker that starts before signing-service, or loses
 * it for a while, thus holds its copies within seconds of signing-service answering, not an interval later, and asks
 * a signing-service that is down at most once a second.
 */
final class RefreshSchedule implements Trigger {

    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(10);

    private final Duration interval;
    private final BooleanSupplier held;
    private final AtomicInteger failuresInARow = new AtomicInteger();

    /** {@code held} tells whether a current copy is held now. */
    RefreshSchedule(Duration interval, BooleanSupplier held) {
        this.interval = interval;
        this.held = held;
    }

    /** Records how the last fetch went: {@code ok} when it brought a copy (new or unchanged) that was taken. */
    void fetched(boolean ok) {
        if (ok) {
            failuresInARow.set(0);
        } else {
            failuresInARow.incrementAndGet();
        }
    }

    /** How long after the last fetch ended the next one starts. */
    Duration delay() {
        if (held.getAsBoolean()) {
            return interval;
        }
        int doublings = Math.min(Math.max(0, failuresInARow.get() - 1), 16);
        Duration retry = FIRST.multipliedBy(1L << doublings);
        return min(min(retry, MAX_RETRY), interval);
    }

    @Override
    public Instant nextExecution(TriggerContext context) {
        Instant last = context.lastCompletion();
        return last == null ? context.getClock().instant().plus(min(FIRST, interval)) : last.plus(delay());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
