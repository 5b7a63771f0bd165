package org.ossnet.agent.tls;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon timer for every TLS connection's deadlines. A blocking {@code SocketChannel} has no read timeout, so a
 * deadline closes the socket, which ends the blocked read with an {@code AsynchronousCloseException}.
 */
final class Deadlines {

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private Deadlines() {}

    static ScheduledFuture<?> after(Duration delay, Runnable action) {
        return TIMER.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static ScheduledThreadPoolExecutor timer() {
        var timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "ossnet-tls-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        // Most deadlines are cancelled long before they fire; they should not pile up in the queue meanwhile.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
