package org.ossnet.tracker.system;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A value read from the database and kept for the reads that follow, for state every request asks about and few
 * requests change: it is read again once it is older than {@code staleAfter}, and at the next use after this replica
 * changed what it was read from ({@link #changed()}, called once that change has committed). So a replica's own change
 * shows at once and another replica's within {@code staleAfter}.
 *
 * <p>A read that began before a change and ends after it is never kept past it: each read carries the count of
 * changes it began after, and is current only while that count still stands. One read runs at a time; requests that
 * need it meanwhile wait for it rather than each asking the database.
 */
public final class KeptRead<T> {

    /**
     * How long another replica's change may go unseen: shorter than any document's {@code max-age}, and long enough
     * that a busy replica reads again about once a second, not once a request.
     */
    public static final Duration STALE_AFTER = Duration.ofSeconds(1);

    private final long staleAfterNanos;
    private final Supplier<T> read;
    private final AtomicLong changes = new AtomicLong();
    private final ReentrantLock reading = new ReentrantLock();
    private volatile Kept<T> kept;

    private record Kept<T>(T value, long changes, long readAtNanos) {}

    /** {@code read} reads the value from the database; it must see everything committed before it began. */
    public KeptRead(Supplier<T> read) {
        this(STALE_AFTER, read);
    }

    /** As {@link #KeptRead(Supplier)}, read again once older than {@code staleAfter}. */
    public KeptRead(Duration staleAfter, Supplier<T> read) {
        this.staleAfterNanos = staleAfter.toNanos();
        this.read = read;
    }

    /** The value, read again if it is stale or this replica changed it since. */
    public T get() {
        Kept<T> current = kept;
        if (isCurrent(current)) {
            return current.value();
        }
        reading.lock();
        try {
            current = kept;
            if (!isCurrent(current)) {
                long before = changes.get();
                long at = System.nanoTime();
                current = new Kept<>(read.get(), before, at);
                kept = current;
            }
            return current.value();
        } finally {
            reading.unlock();
        }
    }

    /** What it was read from has changed on this replica, and the change is committed: the next use reads again. */
    public void changed() {
        changes.incrementAndGet();
    }

    private boolean isCurrent(Kept<T> current) {
        return current != null
                && current.changes() == changes.get()
                && System.nanoTime() - current.readAtNanos() < staleAfterNanos;
    }
}
