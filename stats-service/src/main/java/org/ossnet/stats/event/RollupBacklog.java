package org.ossnet.stats.event;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many stored events wait for the rollups, as far as this replica knows, and the gate that holds ingestion while
 * more than {@code rollup-backlog} do. Storing a batch costs less than adding it to the rollups, and the drain is one
 * thread against every request's: left alone, ingestion runs ahead and the drain finishes long after it, on one core.
 * On the stats bench (1,000,000 events, 2 cores), posting ended with 362,000-691,000 events still listed and the
 * rollups held them all 7.5-9.5 s later; with ingestion held at 300,000, 195,000-198,000 were listed and the rollups
 * were done 1.7-2.8 s later, for the same CPU per event (41,000-46,000 events/s, against 27,000-44,000 without).
 *
 * <p>The count is this replica's: raised by what it stores, lowered by what its drains take, and set to what the
 * database lists after each drain (another replica's drain may have taken this one's batches). A wait is bounded, so a
 * drain that keeps failing slows ingestion down but never stops it.
 */
final class RollupBacklog {

    private final long limit;
    private final Duration maxWait;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition shrunk = lock.newCondition();
    private long pending;

    RollupBacklog(long limit, Duration maxWait) {
        this.limit = limit;
        this.maxWait = maxWait;
    }

    /** Events stored and listed for the rollups. */
    void stored(long events) {
        lock.lock();
        try {
            pending += events;
        } finally {
            lock.unlock();
        }
    }

    /** Events a drain of this replica took. */
    void drained(long events) {
        set(-events, true);
    }

    /** What the database lists, read after a drain: the count across replicas. */
    void listed(long events) {
        set(events, false);
    }

    private void set(long events, boolean relative) {
        lock.lock();
        try {
            pending = Math.max(0, relative ? pending + events : events);
            shrunk.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How many callers of {@link #awaitRoom} wait for room now. */
    int held() {
        lock.lock();
        try {
            return lock.getWaitQueueLength(shrunk);
        } finally {
            lock.unlock();
        }
    }

    long pending() {
        lock.lock();
        try {
            return pending;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns at once while at most {@code limit} events wait; otherwise once a drain has brought them down to it, or
     * after {@code maxWait}. Returns whether there was room in time.
     */
    boolean awaitRoom() throws InterruptedException {
        lock.lock();
        try {
            long nanos = maxWait.toNanos();
            while (pending > limit) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = shrunk.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
