package org.ossnet.announce.listener;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import org.ossnet.announce.peeraddress.PeerAddresses;

/** A {@link ListenerLoop} on the JDK's sockets: a {@link Selector} over the shared server channel. */
final class SelectorLoop extends ListenerLoop {

    private final Selector selector;
    private final ServerSocketChannel server;
    private final SelectionKey serverKey;

    SelectorLoop(ServerSocketChannel server, ListenerConfig config, AnnounceRoutes routes, ListenerMetrics metrics)
            throws IOException {
        super(config, routes, metrics);
        this.selector = Selector.open();
        this.server = server;
        this.serverKey = server.register(selector, SelectionKey.OP_ACCEPT);
    }

    @Override
    void waitAndHandle(long timeoutMillis) throws IOException {
        selector.select(this::handle, timeoutMillis);
    }

    private void handle(SelectionKey key) {
        now = System.nanoTime();
        if (key == serverKey) {
            acceptRound();
        } else if (!key.isValid()) {
            close((Connection) key.attachment());
        } else {
            ready((Connection) key.attachment(), key.isWritable());
        }
    }

    @Override
    Connection acceptOne() throws IOException {
        while (true) {
            SocketChannel channel = server.accept();
            if (channel == null) {
                return null;
            }
            try {
                channel.configureBlocking(false);
                InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
                return new Connection(new NioSocket(channel), PeerAddresses.normalise(remote.getAddress()), now);
            } catch (IOException | RuntimeException e) {
                channel.close(); // gone before it was used: take the next one
            }
        }
    }

    @Override
    void pauseAccepting() {
        serverKey.interestOps(0);
    }

    @Override
    void resumeAccepting() {
        if (serverKey.interestOps() == 0) {
            serverKey.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    @Override
    void forEachConnection(Consumer<Connection> action) {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Connection c && key.isValid()) {
                action.accept(c);
            }
        }
    }

    @Override
    void release() {
        try {
            selector.close();
        } catch (IOException e) {
            // Closing: nothing more to release.
        }
    }

    @Override
    void stop() {
        running = false;
        selector.wakeup();
    }

    /** Sets what the loop waits for on {@code c}, registering it with the selector the first time. */
    @Override
    public void interest(Connection c, int ops) throws IOException {
        NioSocket socket = (NioSocket) c.socket;
        if (socket.key == null) {
            socket.key = socket.channel.register(selector, ops, c);
        } else if (c.interest != ops) {
            socket.key.interestOps(ops);
        }
        c.interest = ops;
    }
}
