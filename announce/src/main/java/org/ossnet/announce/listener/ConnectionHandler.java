package org.ossnet.announce.listener;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.Arrays;
import org.ossnet.announce.AnnounceBuffers;

/**
 * The logic for one connection's bytes, run on its listener thread: reads, decodes and answers
 * requests on the spot and writes the replies. Requests that arrive together (pipelined) are
 * answered in order; once {@link #HIGH_WATER} bytes of replies wait for a slow reader, the rest of
 * its input is held back and nothing more is read from it. A refused request's connection is shut
 * down for output and drained before it is closed, so the refusal is not lost to a reset.
 */
final class ConnectionHandler {

    /** Replies waiting for one connection beyond which its further requests are held back. */
    static final int HIGH_WATER = 64 * 1024;

    /** How long a refused connection's unread input is drained before closing, so the refusal arrives. */
    static final long LINGER_NANOS = 2_000_000_000L;

    /** What the handler asks of its listener loop. */
    interface Selection {

        /** Waits for {@code ops} (read or write) on {@code c}. */
        void interest(Connection c, int ops) throws IOException;

        /** Closes {@code c} and forgets it. */
        void close(Connection c);
    }

    private final RequestHeadDecoder decoder;
    private final AnnounceRoutes routes;
    private final ListenerMetrics metrics;
    private final Selection selection;
    private final byte[] input;
    private final ByteBuffer inputBuffer;
    private final ReplyBuffer output = new ReplyBuffer(8 * 1024);
    private final AnnounceBuffers buffers = new AnnounceBuffers();
    private long now;

    ConnectionHandler(ListenerConfig config, AnnounceRoutes routes, ListenerMetrics metrics, Selection selection) {
        this.decoder = new RequestHeadDecoder(config.maxRequestBytes(), routes.readsForwardedFor());
        this.routes = routes;
        this.metrics = metrics;
        this.selection = selection;
        this.input = new byte[config.maxRequestBytes()];
        this.inputBuffer = ByteBuffer.wrap(input);
    }

    void read(Connection c, long now) throws IOException {
        this.now = now;
        inputBuffer.clear();
        if (c.pendingInput != null) {
            inputBuffer.put(c.pendingInput);
            c.pendingInput = null;
        }
        int n = c.socket.read(inputBuffer);
        if (c.draining || n < 0) {
            if (n < 0) {
                selection.close(c);
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
        selection.interest(c, SelectionKey.OP_READ);
    }

    /** Decodes and answers requests from {@code at} into {@link #output}; returns where it stopped. */
    private int answer(Connection c, int at, int end) {
        while (at < end && output.size() < HIGH_WATER) {
            try {
                RequestHead head = decoder.decode(input, at, end);
                if (head == null) {
                    return at;
                }
                Replies.ok(output, routes.reply(head, c.address, buffers), head.keepAlive());
                at = head.end();
                if (!head.keepAlive()) {
                    c.closeAfterWrite = true;
                    return at;
                }
                noDelay(c);
            } catch (RefusedRequestException e) {
                refuse(c, e.status(), e.getMessage());
                return end;
            }
        }
        return at;
    }

    /**
     * Turns Nagle's algorithm off for a connection that stays open, before its second reply: that one could wait
     * behind the first one's delayed acknowledgement. The first reply on a connection is never held back, so a
     * connection answered and closed at once is spared the system call.
     */
    private static void noDelay(Connection c) {
        if (!c.noDelay) {
            c.noDelay = true;
            try {
                c.socket.noDelay();
            } catch (IOException e) {
                // A connection that cannot take the option fails its next read or write instead.
            }
        }
    }

    /** Refuses what {@code c} has sent so far (a request that took too long) and closes it after the reply. */
    void refuse(Connection c, int status, String reason, long now) throws IOException {
        this.now = now;
        output.reset();
        refuse(c, status, reason);
        if (write(c)) {
            finish(c);
        }
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
        c.socket.write(view, c.closeAfterWrite);
        if (!view.hasRemaining()) {
            return true;
        }
        c.pendingOutput = ByteBuffer.wrap(Arrays.copyOfRange(view.array(), view.position(), view.limit()));
        selection.interest(c, SelectionKey.OP_WRITE);
        return false;
    }

    void writePending(Connection c, long now) throws IOException {
        this.now = now;
        if (c.socket.write(c.pendingOutput, c.closeAfterWrite) > 0) {
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
            selection.interest(c, SelectionKey.OP_READ);
        }
    }

    /** After the last reply: close, or shut down output and drain input first if some may be unread. */
    private void finish(Connection c) throws IOException {
        if (!c.linger) {
            selection.close(c);
            return;
        }
        c.socket.shutdownOutput();
        c.draining = true;
        c.drainUntil = now + LINGER_NANOS;
        selection.interest(c, SelectionKey.OP_READ);
    }
}
