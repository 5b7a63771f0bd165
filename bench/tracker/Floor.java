import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The least a tracker on the JDK's sockets can do per announce, for bench/tracker-bench.sh's FLOORS=1: accept, read
 * the request, write a canned reply of 50 compact peers, close, and no tracker work at all. {@code blocking}: one
 * platform thread, blocking calls (a slow client would hold it, so no tracker can serve this way). {@code selector}:
 * the announce listener's way (announce/.../listener/SelectorLoop): accept what the backlog holds, read each
 * connection without blocking, and wait in the selector for those whose request has not arrived.
 * Usage: java Floor.java PORT blocking|selector
 */
public final class Floor {

    public static void main(String[] args) throws IOException {
        ByteBuffer reply = reply();
        ByteBuffer request = ByteBuffer.allocateDirect(4096);
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 1024);
        if (args[1].equals("blocking")) {
            for (; ; ) {
                try (SocketChannel c = server.accept()) {
                    answer(c, request.clear(), reply);
                } catch (IOException e) {
                    // the client went away: the next one
                }
            }
        }
        server.configureBlocking(false);
        Selector selector = Selector.open();
        server.register(selector, SelectionKey.OP_ACCEPT);
        SocketChannel[] batch = new SocketChannel[64];
        for (; ; ) {
            selector.select(key -> {
                try {
                    if (key.channel() instanceof SocketChannel c) {
                        answer(c, request.clear(), reply);
                        return;
                    }
                    int accepted = 0;
                    for (SocketChannel c; accepted < batch.length && (c = server.accept()) != null; ) {
                        c.configureBlocking(false);
                        batch[accepted++] = c;
                    }
                    for (int i = 0; i < accepted; i++) {
                        if (!answer(batch[i], request.clear(), reply)) {
                            batch[i].register(selector, SelectionKey.OP_READ);
                        }
                    }
                } catch (IOException e) {
                    key.cancel();
                }
            });
        }
    }

    /** Answers and closes {@code c} if its request is there; false if nothing has arrived yet. */
    private static boolean answer(SocketChannel c, ByteBuffer request, ByteBuffer reply) throws IOException {
        int read = c.read(request);
        if (read == 0) {
            return false;
        }
        if (read > 0) {
            c.write(reply.rewind());
        }
        c.close();
        return true;
    }

    private static ByteBuffer reply() {
        byte[] reply = replyBytes();
        return ByteBuffer.allocateDirect(reply.length).put(reply).flip();
    }

    /** The whole canned reply, head and body: 50 compact IPv4 peers, as a tracker answers {@code numwant=50}. */
    static byte[] replyBytes() {
        byte[] body = new byte[512];
        int length = 0;
        for (byte b : "d8:completei10e10:incompletei20e8:intervali1800e5:peers300:".getBytes(StandardCharsets.US_ASCII)) {
            body[length++] = b;
        }
        for (int i = 0; i < 300; i++) {
            body[length++] = (byte) (i * 7 + 1);
        }
        body[length++] = 'e';
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + length
                        + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] reply = new byte[head.length + length];
        System.arraycopy(head, 0, reply, 0, head.length);
        System.arraycopy(body, 0, reply, head.length, length);
        return reply;
    }
}
