package org.ossnet.announce.listener;

import java.io.IOException;
import java.nio.channels.SelectionKey;

/**
 * One listener thread, whatever drives its sockets: it accepts from the shared listening socket, reads requests,
 * answers them on the spot ({@link ConnectionHandler}) and writes the replies, without handing a connection to any
 * other thread. It also closes idle connections and times out slow requests. {@link SelectorLoop} waits on the JDK's
 * selector; {@code EpollLoop} (Java 22+, Linux) on epoll through the foreign-function API.
 */
abstract class ListenerLoop implements Runnable, ConnectionHandler.Selection {

    private static final int ACCEPTS_PER_WAKEUP = 64;

    final ListenerConfig config;
    final ConnectionHandler handler;
    final ListenerMetrics metrics;
    private final long idleNanos;
    private final long sweepMillis;
    /** The connections of one accept round, between their accept and their first read. */
    private final Connection[] batch = new Connection[ACCEPTS_PER_WAKEUP];

    volatile boolean running = true;
    private volatile Throwable failure;
    long now;
    private long lastSweep;

    ListenerLoop(ListenerConfig config, AnnounceRoutes routes, ListenerMetrics metrics) {
        this.config = config;
        this.handler = new ConnectionHandler(config, routes, metrics, this);
        this.metrics = metrics;
        this.idleNanos = config.idleTimeout().toNanos();
        this.sweepMillis = Math.max(5, Math.min(1000, config.idleTimeout().toMillis() / 4));
    }

    @Override
    public final void run() {
        try {
            open();
            lastSweep = System.nanoTime();
            while (running) {
                waitAndHandle(sweepMillis);
                now = System.nanoTime();
                if (now - lastSweep >= sweepMillis * 1_000_000L) {
                    resumeAccepting();
                    forEachConnection(this::sweep);
                    lastSweep = now;
                }
            }
        } catch (Throwable e) {
            failure = e;
        } finally {
            forEachConnection(this::close);
            release();
        }
    }

    /** Prepares what only the loop's own thread uses, first thing on that thread. */
    void open() {}

    /** Waits up to {@code timeoutMillis} for sockets to be ready and handles those that are. */
    abstract void waitAndHandle(long timeoutMillis) throws IOException;

    /**
     * The next connection the backlog holds, or null when it holds none.
     *
     * @throws IOException when accepting fails for want of resources (descriptors, most likely): the loop stops
     *     accepting until its next sweep rather than spin
     */
    abstract Connection acceptOne() throws IOException;

    /** Stops waiting for new connections until {@link #resumeAccepting()}. */
    abstract void pauseAccepting();

    /** Waits for new connections again, if {@link #pauseAccepting()} stopped it. */
    abstract void resumeAccepting();

    /** Calls {@code action} with every connection the loop waits on. */
    abstract void forEachConnection(java.util.function.Consumer<Connection> action);

    /** Releases the loop's own resources once it has closed its connections. */
    abstract void release();

    /** Asks the loop to close its connections and end. */
    abstract void stop();

    /** Why the loop ended on its own, or null. */
    final Throwable failure() {
        return failure;
    }

    /**
     * Accepts what the backlog holds (up to {@link #ACCEPTS_PER_WAKEUP}), then reads each new connection's request.
     * Accepting them all first gives every client time to send its request while the others are accepted, so more
     * connections are answered and closed at once instead of costing a registration, a wake-up and a second read.
     * Measured with wrk on loopback, a responder that does nothing else answered 45,348 requests per CPU-second this
     * way and 42,167 reading each connection right after accepting it (docs/BENCHMARKS.md).
     */
    final void acceptRound() {
        int accepted = 0;
        while (accepted < ACCEPTS_PER_WAKEUP) {
            Connection c;
            try {
                c = acceptOne();
            } catch (IOException e) {
                pauseAccepting();
                break;
            }
            if (c == null) {
                break;
            }
            if (!metrics.tryOpen(config.maxConnections())) {
                c.close();
                continue;
            }
            batch[accepted++] = c;
        }
        for (int i = 0; i < accepted; i++) {
            Connection c = batch[i];
            batch[i] = null;
            try {
                handler.read(c, now);
                if (c.interest == 0 && !c.isClosed()) {
                    interest(c, SelectionKey.OP_READ);
                }
            } catch (IOException | RuntimeException e) {
                close(c);
            }
        }
    }

    /** Handles a connection its loop found ready: to write what waits, or to read. */
    final void ready(Connection c, boolean writable) {
        try {
            if (writable && c.pendingOutput != null) {
                handler.writePending(c, now);
            } else {
                handler.read(c, now);
            }
        } catch (IOException e) {
            close(c);
        }
    }

    /** Closes {@code c} if it is idle or draining too long, and refuses its request if that took too long. */
    private void sweep(Connection c) {
        try {
            if (c.draining) {
                if (now - c.drainUntil > 0) {
                    close(c);
                }
            } else if (c.requestStarted != 0 && c.pendingOutput == null && now - c.requestStarted > idleNanos) {
                handler.refuse(c, 408, "request not complete within " + config.idleTimeout(), now);
            } else if (now - c.lastActive > idleNanos) {
                close(c);
            }
        } catch (IOException e) {
            close(c);
        }
    }

    @Override
    public void close(Connection c) {
        if (c.close()) {
            metrics.closed();
        }
    }
}
