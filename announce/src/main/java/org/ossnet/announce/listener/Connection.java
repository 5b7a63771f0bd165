package org.ossnet.announce.listener;

import java.nio.ByteBuffer;

/**
 * One client connection's state, touched only by its listener loop. Memory per connection is
 * bounded: at most one request head of input ({@code pendingInput}, only while a request is split
 * across reads or held back) and the replies not yet written ({@code pendingOutput}, bounded by
 * the loop's high-water mark plus one reply).
 */
final class Connection {

    final ConnectionSocket socket;
    /** The remote address, normalised to 4 or 16 bytes. */
    final byte[] address;

    /**
     * What its loop waits for on it ({@link java.nio.channels.SelectionKey#OP_READ}, {@code OP_WRITE}); 0 until the
     * connection needs the loop: one answered on accept never does.
     */
    int interest;
    /** Input not consumed yet: part of a request, or requests held back while replies drain. */
    byte[] pendingInput;
    /** Replies the socket did not take yet. */
    ByteBuffer pendingOutput;
    /** When the last byte arrived or left, {@link System#nanoTime()}. */
    long lastActive;
    /** When the first byte of the request still pending arrived; 0 when none is pending. */
    long requestStarted;
    /** The last reply announced {@code Connection: close}. */
    boolean closeAfterWrite;
    /** Unread input may follow the last reply: shut down output and drain before closing, so it is not lost to a reset. */
    boolean linger;
    /** Output is shut down; input is read and dropped until the peer closes or {@code drainUntil}. */
    boolean draining;

    long drainUntil;
    /** TCP_NODELAY is on (set once the connection is known to stay open). */
    boolean noDelay;

    private boolean closed;

    Connection(ConnectionSocket socket, byte[] address, long now) {
        this.socket = socket;
        this.address = address;
        this.lastActive = now;
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes the socket once; true the first time. */
    boolean close() {
        if (closed) {
            return false;
        }
        closed = true;
        socket.close();
        return true;
    }
}
