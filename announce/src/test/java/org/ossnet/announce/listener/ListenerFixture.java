package org.ossnet.announce.listener;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.ossnet.announce.AnnounceConfig;
import org.ossnet.announce.AnnounceEngine;
import org.ossnet.announce.AnnounceMetrics;
import org.ossnet.announce.peeraddress.TrustedProxies;
import org.ossnet.announce.peerhandoutpolicy.DefaultHandoutPolicy;
import org.ossnet.announce.peerstore.InMemoryPeerStore;
import org.ossnet.announce.protocol.QueryLimits;
import org.ossnet.core.torrent.InfoHash;

/**
 * A real listener on a free loopback port over a real engine (one known swarm, no jitter so
 * replies are deterministic), and a raw-socket client that reads replies by their Content-Length.
 */
final class ListenerFixture implements AutoCloseable {

    static final InfoHash KNOWN = InfoHash.fromHex("00112233445566778899aabbccddeeff00112233");

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final InMemoryPeerStore store = new InMemoryPeerStore(10, 100, Duration.ofHours(1), System::currentTimeMillis);
    final AnnounceEngine engine;
    final AnnounceListener listener;

    private ListenerFixture(ListenerConfig config, TrustedProxies proxies) {
        AnnounceConfig announce = new AnnounceConfig(
                Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ZERO, 50, 200, 100, 10, QueryLimits.DEFAULTS);
        engine = new AnnounceEngine(
                announce,
                Set.of(KNOWN)::contains,
                store,
                new DefaultHandoutPolicy(),
                new AnnounceMetrics(meters, store));
        listener = new AnnounceListener(config, engine, proxies, meters);
        listener.start();
    }

    static ListenerFixture start() {
        return start(ListenerConfig.defaults("127.0.0.1", 0), new TrustedProxies(List.of()));
    }

    static ListenerFixture start(ListenerConfig config, TrustedProxies proxies) {
        return new ListenerFixture(config, proxies);
    }

    /** A connected socket whose reads give up after 10 s rather than hang a test. */
    Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.port());
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    static String announceQuery(int peer, String extra) {
        return "info_hash=" + KNOWN.toPercentEncoded() + "&peer_id=-TS0001-" + String.format("%012d", peer) + "&port="
                + (6000 + peer) + "&uploaded=0&downloaded=0" + extra;
    }

    static byte[] get(String target, String... headers) {
        StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: tracker\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One reply: its status, head (text) and body. */
    record Reply(int status, String head, byte[] body) {

        String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    /** Reads one reply; null at end of stream before its first byte. */
    static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("reply head cut short: " + head);
            }
            head.write(b);
            last4 = last4 << 8 | b;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(text.substring(9, 12));
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return new Reply(status, text, in.readNBytes(length));
    }

    /** Reads until the server closes: true at end of stream, also when the close came as a reset. */
    static boolean closedByServer(InputStream in) throws IOException {
        try {
            while (in.read() >= 0) {
                // Drain whatever is left before the end.
            }
            return true;
        } catch (java.net.SocketException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    @Override
    public void close() {
        listener.close();
    }
}
