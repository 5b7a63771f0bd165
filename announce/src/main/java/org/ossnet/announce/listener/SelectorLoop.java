package org.ossnet.announce.listener;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.ossnet.announce.peeraddress.PeerAddresses;

/**
 * One selector thread: accepts from the shared server channel, reads requests, answers them on the
 * spot ({@link ConnectionHandler}) and writes the replies, without handing a connection to any other
 * thread. It also closes idle connections and times out slow requests.
 */
final class SelectorLoop implements Runnable, ConnectionHandler.Selection {

    private static final int ACCEPTS_PER_WAKEUP = 64;

    private final Selector selector;
    private final ServerSocketChannel server;
    private final ListenerConfig config;
    private final ConnectionHandler handler;
    private final ListenerMetrics metrics;
    private final long idleNanos;
    private final long sweepMillis;
    /** The connections of one accept round, between their accept and their first read. */
    private final Connection[] batch = new Connection[ACCEPTS_PER_WAKEUP];

    private SelectionKey serverKey;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private long now;
    private long lastSweep;

    SelectorLoop(ServerSocketChannel server, ListenerConfig config, AnnounceRoutes routes, ListenerMetrics metrics)
            throws IOException {
        this.selector = Selector.open();
        this.server = server;
        this.config = config;
        this.handler = new ConnectionHandler(config, routes, metrics, this);
        this.metrics = metrics;
        this.idleNanos = config.idleTimeout().toNanos();
        this.sweepMillis = Math.max(5, Math.min(1000, config.idleTimeout().toMillis() / 4));
        this.serverKey = server.register(selector, SelectionKey.OP_ACCEPT);
    }

    @Override
    public void run() {
        try {
            lastSweep = System.nanoTime();
            while (running) {
                selector.select(this::handle, sweepMillis);
                now = System.nanoTime();
                if (now - lastSweep >= sweepMillis * 1_000_000L) {
                    sweep();
                    lastSweep = now;
                }
            }
        } catch (Throwable e) {
            failure = e;
        } finally {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof Connection c) {
                    close(c);
                }
            }
            try {
                selector.close();
            } catch (IOException e) {
                // Closing: nothing more to release.
            }
        }
    }

    /** Asks the loop to close its connections and end. */
    void stop() {
        running = false;
        selector.wakeup();
    }

    /** Why the loop ended on its own, or null. */
    Throwable failure() {
        return failure;
    }

    private void handle(SelectionKey key) {
        now = System.nanoTime();
        if (key == serverKey) {
            accept();
            return;
        }
        Connection c = (Connection) key.attachment();
        try {
            if (!key.isValid()) {
                close(c);
            } else if (key.isWritable()) {
                handler.writePending(c, now);
            } else if (key.isReadable()) {
                handler.read(c, now);
            }
        } catch (IOException e) {
            close(c);
        }
    }

    /**
     * Accepts what the backlog holds (up to {@link #ACCEPTS_PER_WAKEUP}), then reads each new connection's request.
     * Accepting them all first gives every client time to send its request while the others are accepted, so more
     * connections are answered and closed at once instead of costing an epoll registration, a wake-up and a second
     * read. Measured with wrk on loopback, a responder that does nothing else answered 45,348 requests per CPU-second
     * this way and 42,167 reading each connection right after accepting it (docs/BENCHMARKS.md).
     */
    private void accept() {
        int accepted = 0;
        for (int attempt = 0; attempt < ACCEPTS_PER_WAKEUP; attempt++) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                // Out of descriptors, most likely: stop accepting until the next sweep rather than spin.
                serverKey.interestOps(0);
                break;
            }
            if (channel == null) {
                break;
            }
            if (!metrics.tryOpen(config.maxConnections())) {
                closeQuietly(channel);
                continue;
            }
            try {
                channel.configureBlocking(false);
                InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
                batch[accepted++] = new Connection(channel, PeerAddresses.normalise(remote.getAddress()), now);
            } catch (IOException | RuntimeException e) {
                closeQuietly(channel);
                metrics.closed();
            }
        }
        for (int i = 0; i < accepted; i++) {
            Connection c = batch[i];
            batch[i] = null;
            try {
                handler.read(c, now);
                if (c.key == null && !c.isClosed()) {
                    interest(c, SelectionKey.OP_READ);
                }
            } catch (IOException | RuntimeException e) {
                close(c);
            }
        }
    }

    /** Closes idle and slow connections, refuses requests that took too long, and resumes accepting. */
    private void sweep() {
        if (serverKey.interestOps() == 0) {
            serverKey.interestOps(SelectionKey.OP_ACCEPT);
        }
        for (SelectionKey key : selector.keys()) {
            if (!(key.attachment() instanceof Connection c) || !key.isValid()) {
                continue;
            }
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
    }

    /** Sets what the loop waits for on {@code c}, registering it with the selector the first time. */
    @Override
    public void interest(Connection c, int ops) throws IOException {
        if (c.key == null) {
            c.key = c.channel.register(selector, ops, c);
        } else if (c.key.interestOps() != ops) {
            c.key.interestOps(ops);
        }
    }

    @Override
    public void close(Connection c) {
        if (c.close()) {
            metrics.closed();
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Refused before it was used: nothing to tell the peer.
        }
    }
}
