package org.ossnet.agent.outbox;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * When the sender may try again: after a failure, a wait that doubles from the first up to the maximum, of which a
 * random half is taken (so that many agents a tracker outage stopped together do not return together), and never
 * less than a server's {@code Retry-After}.
 */
final class Backoff {

    private final Duration first;
    private final Duration max;
    private final LongSupplier nanoTime;
    private final RandomGenerator random;
    private int failures;
    private long notBefore;
    private boolean waiting;

    Backoff(Duration first, Duration max, LongSupplier nanoTime, RandomGenerator random) {
        this.first = first;
        this.max = max;
        this.nanoTime = nanoTime;
        this.random = random;
    }

    /** Whether a report may be tried now. */
    synchronized boolean ready() {
        return !waiting || nanoTime.getAsLong() - notBefore >= 0;
    }

    /** How long until {@link #ready()}, zero if now. */
    synchronized Duration remaining() {
        return waiting ? Duration.ofNanos(Math.max(0, notBefore - nanoTime.getAsLong())) : Duration.ZERO;
    }

    synchronized void succeeded() {
        failures = 0;
        waiting = false;
    }

    /** A failure; the wait is at least {@code retryAfter} (zero when the server named none), capped at the maximum. */
    synchronized Duration failed(Duration retryAfter) {
        failures++;
        long ceiling = first.toNanos() << Math.min(failures - 1, 30);
        if (ceiling <= 0 || ceiling > max.toNanos()) {
            ceiling = max.toNanos();
        }
        long jittered = ceiling / 2 + random.nextLong(ceiling / 2 + 1);
        long wait = Math.max(jittered, Math.min(retryAfter.toNanos(), max.toNanos()));
        notBefore = nanoTime.getAsLong() + wait;
        waiting = true;
        return Duration.ofNanos(wait);
    }
}
