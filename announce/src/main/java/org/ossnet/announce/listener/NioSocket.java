package org.ossnet.announce.listener;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** A connection on the JDK's sockets, and its key once {@link SelectorLoop} waits on it. */
final class NioSocket implements ConnectionSocket {

    final SocketChannel channel;
    SelectionKey key;

    NioSocket(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        return channel.read(into);
    }

    @Override
    public int write(ByteBuffer from, boolean last) throws IOException {
        return channel.write(from); // the JDK has no way to hold the bytes for the end of the stream
    }

    @Override
    public void noDelay() throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing is left to tell the peer; the descriptor is released either way.
        }
    }
}
