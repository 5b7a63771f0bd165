package org.ossnet.agent.swarm;

import java.util.concurrent.atomic.AtomicLong;

/** Counts bytes and keeps a smoothed rate, sampled on the session's tick rather than on every block. */
final class RateMeter {

    private final AtomicLong total = new AtomicLong();
    private long sampledTotal;
    private long sampledAt = System.nanoTime();
    private volatile long rate;

    void add(long bytes) {
        total.addAndGet(bytes);
    }

    long total() {
        return total.get();
    }

    long rate() {
        return rate;
    }

    /** Folds the bytes since the last sample into the rate, half old and half new, so one burst does not dominate. */
    synchronized void sample(long nowNanos) {
        long elapsed = nowNanos - sampledAt;
        if (elapsed <= 0) {
            return;
        }
        long now = total.get();
        long instant = (long) ((now - sampledTotal) * 1e9 / elapsed);
        rate = (rate + instant) / 2;
        sampledTotal = now;
        sampledAt = nowNanos;
    }
}
