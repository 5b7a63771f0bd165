package org.ossnet.announce.listener;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import org.ossnet.announce.peeraddress.PeerAddresses;

/**
 * One selector thread: accepts from the shared server channel, reads requests, answers them on the
 * spot and writes the replies, without handing a connection to any other thread. Requests that
 * arrive together (pipelined) are answered in order; once {@link #HIGH_WATER} bytes of replies wait
 * for a slow reader, the rest of its input is held back and nothing more is read from it.
 */
final class SelectorLoop implements Runnable {

    /** Replies waiting for one connection beyond which its further requests are held back. */
    static final int HIGH_WATER = 64 * 1024;

    /** How long a refused connection's unread input is drained before closing, so the refusal arrives. */
    static final long LINGER_NANOS = 2_000_000_000L;

    private static final int ACCEPTS_PER_WAKEUP = 64;

    private final Selector selector;
    private final ServerSocketChannel server;
    private final ListenerConfig config;
    private final RequestHeadDecoder decoder;
    private final AnnounceRoutes routes;
    private final ListenerMetrics metrics;
    private final byte[] input;
    private final ByteBuffer inputBuffer;
    private final ReplyBuffer output = new ReplyBuffer(8 * 1024);
    private final long idleNanos;
    private final long sweepMillis;
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
        this.decoder = new RequestHeadDecoder(config.maxRequestBytes(), routes.readsForwardedFor());
        this.routes = routes;
        this.metrics = metrics;
        this.input = new byte[config.maxRequestBytes()];
        this.inputBuffer = ByteBuffer.wrap(input);
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
                writePending(c);
            } else if (key.isReadable()) {
                read(c);
            }
        } catch (IOException e) {
            close(c);
        }
    }

    private void accept() {
        for (int i = 0; i < ACCEPTS_PER_WAKEUP; i++) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                // Out of descriptors, most likely: stop accepting until the next sweep rather than spin.
                serverKey.interestOps(0);
                return;
            }
            if (channel == null) {
                return;
            }
            if (!metrics.tryOpen(config.maxConnections())) {
                closeQuietly(channel);
                continue;
            }
            Connection c = null;
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
                c = new Connection(channel, PeerAddresses.normalise(remote.getAddress()), now);
                // The request often arrives with the handshake's last ACK: try it before registering, so
                // a connection answered and closed at once never costs an epoll registration.
                read(c);
                if (c.key == null && !c.isClosed()) {
                    interest(c, SelectionKey.OP_READ);
                }
            } catch (IOException | RuntimeException e) {
                if (c != null) {
                    close(c);
                } else {
                    closeQuietly(channel);
                    metrics.closed();
                }
            }
        }
    }

    private void read(Connection c) throws IOException {
        inputBuffer.clear();
        if (c.pendingInput != null) {
            inputBuffer.put(c.pendingInput);
            c.pendingInput = null;
        }
        int n = c.channel.read(inputBuffer);
        if (c.draining || n < 0) {
            if (n < 0) {
                close(c);
            }
            return;
        }
        if (n > 0) {
            c.lastActive = now;
        }
        if (inputBuffer.position() > 0) {
            process(c, inputBuffer.position());
        }
    }

    /** Answers the requests in {@code input[0, end)} and keeps what is left for later. */
    private void process(Connection c, int end) throws IOException {
        int at = 0;
        while (true) {
            output.reset();
            int before = at;
            at = answer(c, at, end);
            if (at > before) {
                c.requestStarted = 0;
            }
            boolean heldBack = at < end && !c.closeAfterWrite && output.size() >= HIGH_WATER;
            c.linger |= c.closeAfterWrite && at < end;
            if (!write(c)) {
                keep(c, at, end);
                return;
            }
            if (!heldBack) {
                break;
            }
        }
        if (c.closeAfterWrite) {
            finish(c);
            return;
        }
        keep(c, at, end);
        interest(c, SelectionKey.OP_READ);
    }

    /** Decodes and answers requests from {@code at} into {@link #output}; returns where it stopped. */
    private int answer(Connection c, int at, int end) {
        while (at < end && output.size() < HIGH_WATER) {
            try {
                RequestHead head = decoder.decode(input, at, end);
                if (head == null) {
                    return at;
                }
                Replies.ok(output, routes.reply(head, c.address), head.keepAlive());
                at = head.end();
                if (!head.keepAlive()) {
                    c.closeAfterWrite = true;
                    return at;
                }
            } catch (RefusedRequestException e) {
                refuse(c, e.status(), e.getMessage());
                return end;
            }
        }
        return at;
    }

    private void refuse(Connection c, int status, String reason) {
        metrics.refused(status);
        Replies.refused(output, status, reason);
        c.closeAfterWrite = true;
        c.linger = true;
        c.pendingInput = null;
    }

    /** Keeps unconsumed input of a connection that stays open. */
    private void keep(Connection c, int at, int end) {
        if (at < end && !c.closeAfterWrite) {
            c.pendingInput = Arrays.copyOfRange(input, at, end);
            if (c.requestStarted == 0) {
                c.requestStarted = now;
            }
        }
    }

    /** Writes {@link #output}; true if all of it went, otherwise the rest waits in the connection. */
    private boolean write(Connection c) throws IOException {
        if (output.size() == 0) {
            return true;
        }
        ByteBuffer view = output.view();
        c.channel.write(view);
        if (!view.hasRemaining()) {
            return true;
        }
        c.pendingOutput = ByteBuffer.wrap(Arrays.copyOfRange(view.array(), view.position(), view.limit()));
        interest(c, SelectionKey.OP_WRITE);
        return false;
    }

    private void writePending(Connection c) throws IOException {
        if (c.channel.write(c.pendingOutput) > 0) {
            c.lastActive = now;
        }
        if (c.pendingOutput.hasRemaining()) {
            return;
        }
        c.pendingOutput = null;
        if (c.closeAfterWrite) {
            finish(c);
        } else if (c.pendingInput != null) {
            inputBuffer.clear();
            inputBuffer.put(c.pendingInput);
            c.pendingInput = null;
            process(c, inputBuffer.position());
        } else {
            interest(c, SelectionKey.OP_READ);
        }
    }

    /** After the last reply: close, or shut down output and drain input first if some may be unread. */
    private void finish(Connection c) throws IOException {
        if (!c.linger) {
            close(c);
            return;
        }
        c.channel.shutdownOutput();
        c.draining = true;
        c.drainUntil = now + LINGER_NANOS;
        interest(c, SelectionKey.OP_READ);
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
                    output.reset();
                    refuse(c, 408, "request not complete within " + config.idleTimeout());
                    if (write(c)) {
                        finish(c);
                    }
                } else if (now - c.lastActive > idleNanos) {
                    close(c);
                }
            } catch (IOException e) {
                close(c);
            }
        }
    }

    /** Sets what the loop waits for on {@code c}, registering it with the selector the first time. */
    private void interest(Connection c, int ops) throws IOException {
        if (c.key == null) {
            c.key = c.channel.register(selector, ops, c);
        } else if (c.key.interestOps() != ops) {
            c.key.interestOps(ops);
        }
    }

    private void close(Connection c) {
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
