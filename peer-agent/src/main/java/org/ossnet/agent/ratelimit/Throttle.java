package org.ossnet.agent.ratelimit;

import java.util.List;

/**
 * Several token buckets that must all allow a transfer, such as the agent's global upload cap and one connection's own:
 * bytes are taken from all of them or from none. A single acquire may not exceed the smallest burst, so give every
 * bucket a burst of at least one message (a 16 KiB block and its header).
 */
public final class Throttle {

    private final List<TokenBucket> buckets;
    private final TimeSource time;

    /** A throttle over {@code buckets}, waiting on {@code time}. */
    public Throttle(TimeSource time, TokenBucket... buckets) {
        this.time = time;
        this.buckets = List.of(buckets);
    }

    /** A throttle on the system clock. */
    public static Throttle of(TokenBucket... buckets) {
        return new Throttle(TimeSource.system(), buckets);
    }

    /** Takes {@code n} from every bucket, or from none if any lacks them. */
    public boolean tryAcquire(long n) {
        for (int i = 0; i < buckets.size(); i++) {
            if (!buckets.get(i).tryAcquire(n)) {
                // Another connection may be racing for the shared bucket, so what was taken goes back at once.
                for (int j = 0; j < i; j++) {
                    buckets.get(j).refund(n);
                }
                return false;
            }
        }
        return true;
    }

    /** The most one {@link #acquire} may take: the smallest burst of the buckets. */
    public long largestAcquire() {
        long largest = Long.MAX_VALUE;
        for (TokenBucket bucket : buckets) {
            largest = Math.min(largest, bucket.burst());
        }
        return largest;
    }

    /** How long until every bucket will hold {@code n}: the longest of their waits. */
    public long nanosUntil(long n) {
        long wait = 0;
        for (TokenBucket bucket : buckets) {
            wait = Math.max(wait, bucket.nanosUntil(n));
        }
        return wait;
    }

    /**
     * Takes {@code n} from every bucket, waiting as long as needed: reserved in each at once ({@link
     * TokenBucket#reserve}), then one wait for the bucket that is paid last.
     */
    public void acquire(long n) throws InterruptedException {
        long wait = 0;
        for (TokenBucket bucket : buckets) {
            wait = Math.max(wait, bucket.reserve(n));
        }
        if (wait > 0) {
            time.sleepNanos(wait);
        }
    }
}
