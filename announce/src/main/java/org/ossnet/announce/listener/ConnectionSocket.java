package org.ossnet.announce.listener;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A connection's socket as {@link ConnectionHandler} uses it: the JDK's channel ({@link SelectorLoop}) or a descriptor
 * driven through epoll ({@code EpollLoop}, Java 22+). Reads and writes never block; both take heap buffers and move
 * their position as {@link java.nio.channels.SocketChannel}'s do.
 */
interface ConnectionSocket {

    /** Reads what has arrived into {@code into}: the count, 0 if nothing has, -1 at the end of the stream. */
    int read(ByteBuffer into) throws IOException;

    /**
     * Writes what the socket takes now from {@code from}: the count, possibly 0.
     *
     * @param last nothing but the end of the stream follows these bytes (the connection is closed or shut down for
     *     output once they are written), so they may wait for it and leave in one segment with it
     */
    int write(ByteBuffer from, boolean last) throws IOException;

    /** Turns Nagle's algorithm off. */
    void noDelay() throws IOException;

    /** Sends the end of the stream; input may still be read. */
    void shutdownOutput() throws IOException;

    /** Releases the socket; a second call does nothing. */
    void close();
}
