package org.ossnet.announce.listener;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

/** The listening socket on the JDK's classes, served by {@link SelectorLoop}s. */
final class NioTransport implements ListenerTransport {

    private final ServerSocketChannel server;
    private final int port;

    private NioTransport(ServerSocketChannel server) throws IOException {
        this.server = server;
        this.port = ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    static NioTransport open(InetSocketAddress address, int backlog) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, backlog);
            server.configureBlocking(false);
            return new NioTransport(server);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public ListenerLoop newLoop(ListenerConfig config, AnnounceRoutes routes, ListenerMetrics metrics)
            throws IOException {
        return new SelectorLoop(server, config, routes, metrics);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // Stopping: the port is released either way.
        }
    }
}
