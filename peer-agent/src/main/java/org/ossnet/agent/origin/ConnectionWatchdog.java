package org.ossnet.agent.origin;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections whose current phase has outlived its deadline.
 *
 * <p>One periodic sweep replaces a timer per read and write: channels have no write timeout at all, and a socket read
 * timeout restarts with every byte, so a client trickling one byte at a time would never trip it.
 */
final class ConnectionWatchdog implements AutoCloseable {

    static final long SWEEP_MILLIS = 200;

    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ossnet-origin-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    ConnectionWatchdog() {
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    void watch(Connection connection) {
        connections.add(connection);
    }

    void forget(Connection connection) {
        connections.remove(connection);
    }

    /** Closes every watched connection, for shutdown. */
    void abortAll() {
        connections.forEach(Connection::abort);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Connection connection : connections) {
            if (connection.expired(now)) {
                connection.abort();
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
