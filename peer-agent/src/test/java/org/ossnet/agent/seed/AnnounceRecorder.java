package org.ossnet.agent.seed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.credential.SignedRequest;
import org.ossnet.core.torrent.InfoHash;

/**
 * A tracker on a loopback port with a public announce (no batch endpoint, so swarms are announced one by one) and a
 * private one; it records every announce and answers each with an empty peer list.
 */
final class AnnounceRecorder implements AutoCloseable {

    /**
     * One announce received.
     *
     * @param path the path it was sent to
     * @param infoHash the swarm
     * @param event its {@code event}, or empty
     * @param signed whether it carried a mirror credential's signature headers
     */
    record Announce(String path, InfoHash infoHash, String event, boolean signed) {}

    private final HttpServer server;
    private final List<Announce> announces = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch answers = new CountDownLatch(0);

    private AnnounceRecorder() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/announce", this::announce);
        server.createContext("/private/announce", this::announce);
        server.start();
    }

    static AnnounceRecorder start() throws IOException {
        return new AnnounceRecorder();
    }

    /** The tracker's base URL. */
    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    URI publicAnnounce() {
        return base().resolve("announce");
    }

    URI privateAnnounce() {
        return base().resolve("private/announce");
    }

    /** The announces of {@code swarm} sent to {@code path}, oldest first. */
    List<Announce> to(String path, InfoHash swarm) {
        return announces.stream()
                .filter(a -> a.path().equals(path) && a.infoHash().equals(swarm))
                .toList();
    }

    /** Announces from now on are recorded at once but answered only after {@link #answer()} (or 10 s). */
    void holdAnswers() {
        answers = new CountDownLatch(1);
    }

    /** Answers the announces held, and those to come at once. */
    void answer() {
        answers.countDown();
    }

    private void announce(HttpExchange exchange) {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.endsWith("/batch")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            InfoHash infoHash = null;
            String event = "";
            for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv[0].equals("info_hash")) {
                    infoHash = InfoHash.of(URLDecoder.decode(kv[1], StandardCharsets.ISO_8859_1)
                            .getBytes(StandardCharsets.ISO_8859_1));
                } else if (kv[0].equals("event")) {
                    event = kv[1];
                }
            }
            boolean signed = exchange.getRequestHeaders().containsKey(SignedRequest.SIGNATURE_HEADER)
                    && exchange.getRequestHeaders().containsKey(SignedRequest.CERTIFICATE_HEADER);
            announces.add(new Announce(path, infoHash, event, signed));
            if (!answers.await(10, TimeUnit.SECONDS)) {
                throw new IOException("the test never let the tracker answer");
            }
            byte[] body = Bencode.encode(BDictionary.builder()
                    .put("complete", 1)
                    .put("incomplete", 0)
                    .put("interval", 1800)
                    .put("min interval", 60)
                    .put("peers", BString.of(new byte[0]))
                    .build());
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
