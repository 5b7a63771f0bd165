package org.ossnet.agent.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP server on loopback that answers every request with prompt headers and then a body of one byte per second,
 * as a hostile or overloaded server would, to show that a client's deadline covers the whole answer.
 */
public final class DrippingServer implements AutoCloseable {

    private static final int BODY_LENGTH = 1_000;

    private final ServerSocket server;
    private final String status;

    private DrippingServer(ServerSocket server, String status) {
        this.server = server;
        this.status = status;
    }

    /** Answers {@code 200 OK} to everything. */
    public static DrippingServer start() throws IOException {
        return start("200 OK");
    }

    /** Answers {@code status} (such as {@code "206 Partial Content"}) to everything. */
    public static DrippingServer start(String status) throws IOException {
        var drip = new DrippingServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), status);
        Thread.ofVirtual().name("dripping-server").start(drip::acceptLoop);
        return drip;
    }

    /** {@code host:port}, as a publisher in an {@code ossnet://} name. */
    public String authority() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> drip(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void drip(Socket socket) {
        try (socket;
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream()) {
            readHeaders(in);
            out.write(("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: "
                            + BODY_LENGTH + "\r\nContent-Range: bytes 0-" + (BODY_LENGTH - 1) + "/" + BODY_LENGTH
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < BODY_LENGTH && !server.isClosed(); i++) {
                out.write(' ');
                out.flush();
                Thread.sleep(1_000);
            }
        } catch (IOException | InterruptedException e) {
            // The client gave up, which is what the tests want to see.
        }
    }

    private static void readHeaders(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the client hung up before its request ended");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
