package org.ossnet.agent.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An HTTP server on a real loopback socket that answers the n-th request of each connection with the n-th of its
 * scripted answers, byte for byte, one connection at a time: for what real servers do that a well-behaved one never
 * shows (dripping, malformed heads, a kept-alive connection closed without a word).
 */
public final class ScriptedServer implements AutoCloseable {

    private final ServerSocket listening;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    /**
     * Starts answering with {@code answers} (a null answer: stay silent until the client closes); with {@code
     * closeAfter} each connection is closed after its answers, without a word, as servers close idle connections.
     */
    public static ScriptedServer start(boolean closeAfter, String... answers) throws IOException {
        return new ScriptedServer(closeAfter, answers);
    }

    private ScriptedServer(boolean closeAfter, String... answers) throws IOException {
        listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!listening.isClosed()) {
                try (Socket s = listening.accept()) {
                    connections.incrementAndGet();
                    answer(s, closeAfter, answers);
                } catch (IOException e) {
                    // The client went away, or the server was closed.
                }
            }
        });
    }

    private void answer(Socket s, boolean closeAfter, String... answers) throws IOException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        for (String answer : answers) {
            requests.add(head(in));
            if (answer == null) {
                in.read();
                return;
            }
            out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        if (!closeAfter) {
            in.read();
        }
    }

    /** Its base URL, {@code http://127.0.0.1:<port>/}. */
    public URI base() {
        return URI.create("http://127.0.0.1:" + listening.getLocalPort() + "/");
    }

    /** The request heads received, in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** How many connections it accepted. */
    public int connections() {
        return connections.get();
    }

    @Override
    public void close() throws IOException {
        listening.close();
    }

    /** A test's scripted servers ({@code @RegisterExtension}), each closed after the test that started it. */
    public static final class Servers implements AfterEachCallback {

        private final List<ScriptedServer> started = new CopyOnWriteArrayList<>();

        /** Starts a server as {@link ScriptedServer#start} does, closed after this test. */
        public ScriptedServer start(boolean closeAfter, String... answers) throws IOException {
            ScriptedServer server = ScriptedServer.start(closeAfter, answers);
            started.add(server);
            return server;
        }

        /** The first server this test started. */
        public ScriptedServer first() {
            return started.getFirst();
        }

        @Override
        public void afterEach(ExtensionContext context) throws IOException {
            for (ScriptedServer server : started) {
                server.close();
            }
            started.clear();
        }
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed");
            }
            head.append((char) c);
        }
        return head.toString();
    }
}
