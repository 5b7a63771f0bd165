package org.ossnet.core.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits in tests for a condition, polling, and fails with an explanation once a deadline passes: the one poll loop
 * the modules' tests share, so none waits a fixed time on a busy machine.
 */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(20);

    private Await() {}

    /** Returns once {@code condition} holds; fails the test after {@code timeout}. */
    public static void until(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        until(condition, timeout, () -> "condition not met within " + timeout);
    }

    /**
     * Returns once {@code condition} holds; fails the test after {@code timeout} with {@code whyNot}'s text (state and
     * logs worth reading), which is built only then.
     */
    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> whyNot)
            throws InterruptedException {
        until(condition, timeout, POLL, whyNot);
    }

    /**
     * As {@link #until(BooleanSupplier, Duration, Supplier)}, looking every {@code every}: for a condition that is
     * costly to check (an HTTP query, a process), so that checking does not load a busy machine.
     */
    public static void until(BooleanSupplier condition, Duration timeout, Duration every, Supplier<String> whyNot)
            throws InterruptedException {
        if (!within(condition, timeout, every)) {
            throw new AssertionError(whyNot.get());
        }
    }

    /**
     * Whether {@code condition} came to hold within {@code timeout}, looking every {@code every}: for a wait whose end
     * is not a failure (a test that goes on either way and says how long it waited).
     */
    public static boolean within(BooleanSupplier condition, Duration timeout, Duration every)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(every);
        }
        return true;
    }
}
