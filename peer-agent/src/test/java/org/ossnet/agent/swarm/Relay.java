package org.ossnet.agent.swarm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback that forwards every connection it accepts to {@code target} from a socket bound to {@code
 * source}, so an agent that dials the relay reaches the target from another address (any of 127.0.0.0/8 is local on
 * Linux) without the agent itself knowing how to bind its outgoing connections.
 */
final class Relay implements AutoCloseable {

    private final ServerSocket server;
    private final InetAddress source;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private Relay(ServerSocket server, InetAddress source, InetSocketAddress target) {
        this.server = server;
        this.source = source;
        this.target = target;
    }

    static Relay from(InetAddress source, InetSocketAddress target) throws IOException {
        var relay = new Relay(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), source, target);
        Thread.ofVirtual().name("relay-" + source).start(relay::acceptLoop);
        return relay;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                Socket out = new Socket();
                sockets.add(in);
                sockets.add(out);
                out.bind(new InetSocketAddress(source, 0));
                out.connect(target);
                Thread.ofVirtual().start(() -> pipe(in, out));
                Thread.ofVirtual().start(() -> pipe(out, in));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // One side hung up; closing both ends passes that on.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(Relay::closeQuietly);
    }
}
