package org.ossnet.agent.ratelimit;

import java.util.Objects;

/**
 * A token bucket of bytes: it fills at {@code rate} bytes per second up to {@code burst} bytes, and a send or receive of
 * {@code n} bytes takes {@code n} tokens. One instance may be shared by every connection (a global upload cap) and
 * another held by a single connection; {@link Throttle} takes from several at once.
 *
 * <p>Thread-safe: every method holds the bucket's monitor only for arithmetic, never while waiting. Tokens are kept as a
 * {@code double} so that frequent small refills lose no fractional bytes; over any run the error is far below one byte.
 * The rate can change at runtime (time-of-day caps): tokens earned so far are kept, at most {@code burst}.
 */
public final class TokenBucket {

    /** The rate that means no limit at all. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final TimeSource time;
    private final long burst;
    private long rate;
    private double tokens;
    private long lastRefill;

    /**
     * A bucket that starts full.
     *
     * @param bytesPerSecond the long-run rate, positive, or {@link #UNLIMITED}
     * @param burst the most bytes that can pass at once after a quiet period; at least as large as any single acquire
     */
    public TokenBucket(long bytesPerSecond, long burst, TimeSource time) {
        this.time = Objects.requireNonNull(time, "time");
        if (burst <= 0) {
            throw new IllegalArgumentException("burst must be positive: " + burst);
        }
        this.burst = burst;
        this.rate = requireRate(bytesPerSecond);
        this.tokens = burst;
        this.lastRefill = time.nanoTime();
    }

    /** A bucket on the system clock. */
    public static TokenBucket of(long bytesPerSecond, long burst) {
        return new TokenBucket(bytesPerSecond, burst, TimeSource.system());
    }

    /** A bucket that never makes anyone wait, for connections without a cap. */
    public static TokenBucket unlimited() {
        return new TokenBucket(UNLIMITED, Long.MAX_VALUE, TimeSource.system());
    }

    /** Takes {@code n} tokens if they are all there, without waiting. */
    public synchronized boolean tryAcquire(long n) {
        requireAcquirable(n);
        if (rate == UNLIMITED) {
            return true;
        }
        refill();
        if (tokens < n) {
            return false;
        }
        tokens -= n;
        return true;
    }

    /** How long until {@code n} tokens will be there, 0 if they are now; no tokens are taken. */
    public synchronized long nanosUntil(long n) {
        requireAcquirable(n);
        if (rate == UNLIMITED) {
            return 0;
        }
        refill();
        double missing = n - tokens;
        return missing <= 0 ? 0 : (long) Math.ceil(missing * NANOS_PER_SECOND / rate);
    }

    /** Takes {@code n} tokens, waiting for them; more than {@code burst} are taken in burst-sized parts. */
    public void acquire(long n) throws InterruptedException {
        if (n < 0) {
            throw new IllegalArgumentException("cannot acquire a negative number of bytes: " + n);
        }
        long left = n;
        while (left > 0) {
            long part = Math.min(left, burst);
            long wait = reserve(part);
            if (wait > 0) {
                time.sleepNanos(wait);
            }
            left -= part;
        }
    }

    /**
     * Takes {@code n} tokens now, into debt if they are not all there, and returns how long until the debt is paid:
     * the caller waits that long before it uses them. Waiters thus queue in the order they came and each wakes once.
     * Waiting for the tokens to be there and then trying for them woke every waiter each time any tokens came, and
     * all but one went back to sleep: with six connections under one upload cap, six wake-ups per block sent.
     */
    synchronized long reserve(long n) {
        requireAcquirable(n);
        if (rate == UNLIMITED) {
            return 0;
        }
        refill();
        tokens -= n;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens * NANOS_PER_SECOND / rate);
    }

    /** Gives back tokens that were taken but not used, as {@link Throttle} does when another bucket refuses. */
    public synchronized void refund(long n) {
        if (rate != UNLIMITED) {
            tokens = Math.min(burst, tokens + n);
        }
    }

    /** Changes the rate from now on; tokens earned at the old rate stay. */
    public synchronized void setRate(long bytesPerSecond) {
        long newRate = requireRate(bytesPerSecond);
        if (rate != UNLIMITED) {
            refill();
        } else {
            tokens = burst;
            lastRefill = time.nanoTime();
        }
        rate = newRate;
    }

    /** The current rate in bytes per second, or {@link #UNLIMITED}. */
    public synchronized long rate() {
        return rate;
    }

    /** The burst size in bytes. */
    public long burst() {
        return burst;
    }

    private void refill() {
        long now = time.nanoTime();
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * (rate / NANOS_PER_SECOND));
            lastRefill = now;
        }
    }

    private void requireAcquirable(long n) {
        if (n < 0 || n > burst) {
            throw new IllegalArgumentException(
                    "can acquire between 0 and the burst of " + burst + " bytes at once, not " + n);
        }
    }

    private static long requireRate(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive bytes per second: " + bytesPerSecond);
        }
        return bytesPerSecond;
    }
}
