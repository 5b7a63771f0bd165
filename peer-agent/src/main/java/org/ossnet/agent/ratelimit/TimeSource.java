package org.ossnet.agent.ratelimit;

/**
 * A monotonic clock and a way to wait on it, injected so that rate limits can be tested with a fake clock instead of
 * real sleeps.
 */
public interface TimeSource {

    /** Monotonic nanoseconds, with the meaning of {@link System#nanoTime()}. */
    long nanoTime();

    /** Waits about {@code nanos} nanoseconds. */
    void sleepNanos(long nanos) throws InterruptedException;

    /** The system's monotonic clock and real sleeps. */
    static TimeSource system() {
        return SystemTimeSource.INSTANCE;
    }
}
