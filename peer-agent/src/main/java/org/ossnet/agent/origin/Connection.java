package org.ossnet.agent.origin;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;

/**
 * Serves the requests of one client connection, one after another, on its own virtual thread.
 *
 * <p>Every phase runs against a deadline that the {@link ConnectionWatchdog} enforces by closing the channel: the
 * whole request head must arrive within the request timeout, and a response must keep making progress within the send
 * timeout. Closing the channel is what unblocks a thread stuck in a read or write.
 */
final class Connection implements Runnable {

    private static final long LINGER_NANOS = 2_000_000_000L;
    private static final long LINGER_BYTES = 256 * 1024;

    private final SocketChannel channel;
    private final InetAddress client;
    private final OriginConfig config;
    private final RequestReader reader;
    private final FileResponder responder;
    private final AccessLog accessLog;
    private volatile long deadline;

    Connection(SocketChannel channel, OriginConfig config, FileResponder responder, AccessLog accessLog)
            throws IOException {
        this.channel = channel;
        this.client = ((InetSocketAddress) channel.getRemoteAddress()).getAddress();
        this.config = config;
        this.reader = new RequestReader(config.maxHeaderBytes(), config.maxHeaderCount());
        this.responder = responder;
        this.accessLog = accessLog;
        this.deadline = System.nanoTime() + config.requestTimeout().toNanos();
    }

    @Override
    public void run() {
        try (channel) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 8192);
            ResponseWriter out = new ResponseWriter(channel, this::sendProgressed);
            boolean keepAlive = true;
            while (keepAlive) {
                deadline = System.nanoTime() + config.requestTimeout().toNanos();
                HttpRequest request;
                try {
                    request = reader.read(in);
                } catch (HttpException e) {
                    sendProgressed();
                    out.reset();
                    out.error(new ResponseHead(e.status()).connection(false), true);
                    accessLog.log(client, null, e.status(), out.bodyBytes());
                    lingeringClose(in);
                    return;
                }
                if (request == null) {
                    return;
                }
                keepAlive = request.keepAlive() && !request.hasBody();
                sendProgressed();
                out.reset();
                try {
                    responder.respond(request, out, keepAlive);
                } finally {
                    // Logged even when the client went away mid-body, with the bytes it actually got.
                    if (out.status() != 0) {
                        accessLog.log(client, request, out.status(), out.bodyBytes());
                    }
                }
            }
        } catch (IOException e) {
            // The client left, or the watchdog closed the channel: nothing to answer and nobody to tell.
        }
    }

    /**
     * Stops sending, then reads and drops what the client is still sending for a moment. Closing a socket with unread
     * input makes the kernel reset the connection, which can destroy the error response before the client reads it.
     */
    private void lingeringClose(InputStream in) throws IOException {
        channel.shutdownOutput();
        deadline = System.nanoTime() + Math.min(config.requestTimeout().toNanos(), LINGER_NANOS);
        byte[] discard = new byte[8192];
        long left = LINGER_BYTES;
        for (int n = in.read(discard); n > 0 && left > 0; n = in.read(discard)) {
            left -= n;
        }
    }

    private void sendProgressed() {
        deadline = System.nanoTime() + config.sendTimeout().toNanos();
    }

    /** Whether this connection's current phase has run out of time at {@code now} ({@link System#nanoTime}). */
    boolean expired(long now) {
        return now - deadline > 0;
    }

    /** Closes the channel, which makes the blocked read or write fail and the thread finish. */
    void abort() {
        try {
            channel.close();
        } catch (IOException e) {
            // Already closing; there is nothing more to release.
        }
    }
}
