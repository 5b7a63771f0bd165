package org.ossnet.announce.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.announce.listener.ListenerFixture.announceQuery;
import static org.ossnet.announce.listener.ListenerFixture.get;
import static org.ossnet.announce.listener.ListenerFixture.read;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.ossnet.announce.listener.ListenerFixture.Reply;
import org.ossnet.announce.peeraddress.TrustedProxies;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BInteger;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeLimits;

/**
 * The listener's HTTP behaviour over real loopback sockets: replies, keep-alive, close, pipelining, proxies; run on
 * each kind of sockets by {@link NioAnnounceListenerTest} and {@link EpollAnnounceListenerTest}.
 */
abstract class AnnounceListenerTest {

    ListenerFixture tracker = start("127.0.0.1", new TrustedProxies(List.of()));

    /** The sockets under test. */
    abstract ListenerConfig.Sockets sockets();

    ListenerFixture start(String bindAddress, TrustedProxies proxies) {
        return ListenerFixture.start(ListenerConfig.defaults(bindAddress, 0).withSockets(sockets()), proxies);
    }

    @AfterEach
    void stop() {
        tracker.close();
    }

    static BDictionary bencoded(Reply reply) {
        return Bencode.decodeDictionary(reply.body(), BencodeLimits.DEFAULT);
    }

    static byte[] peers(Reply reply) {
        return ((BString) bencoded(reply).get("peers").orElseThrow()).bytes();
    }

    @Test
    void runsOnTheSocketsAskedFor() {
        assertThat(tracker.listener.sockets()).isEqualTo(sockets().name().toLowerCase(Locale.ROOT));
    }

    @Test
    void refusesToStartOnATakenPortAndSaysWhich() {
        int port = tracker.listener.port();
        AnnounceListener second = new AnnounceListener(
                new ListenerConfig(
                        "127.0.0.1",
                        port,
                        2,
                        ListenerConfig.DEFAULT_MAX_CONNECTIONS,
                        ListenerConfig.DEFAULT_MAX_REQUEST_BYTES,
                        ListenerConfig.DEFAULT_IDLE_TIMEOUT,
                        sockets()),
                tracker.engine,
                new TrustedProxies(List.of()),
                tracker.meters);
        assertThatThrownBy(second::start)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot listen on /127.0.0.1:" + port)
                .hasMessageContaining("Address already in use");
        assertThat(second.state()).isEqualTo(AnnounceListener.State.FAILED);
        second.close();
    }

    @Test
    void takesEachPeersAddressFromItsSocketOnADualStackListener() throws Exception {
        try (ListenerFixture dual = start("::", new TrustedProxies(List.of()))) {
            announce(dual, InetAddress.getByName("127.0.0.1"), 1, "&left=0");
            announce(dual, InetAddress.getByName("::1"), 3, "&left=0");
            BDictionary reply = bencoded(announce(dual, InetAddress.getByName("127.0.0.1"), 2, "&left=5"));
            assertThat(((BString) reply.get("peers").orElseThrow()).bytes())
                    .containsExactly(127, 0, 0, 1, 0x17, 0x71); // 6001
            byte[] loopback6 = new byte[18];
            loopback6[15] = 1;
            loopback6[16] = 0x17;
            loopback6[17] = 0x73; // 6003
            assertThat(((BString) reply.get("peers6").orElseThrow()).bytes()).containsExactly(loopback6);
        }
    }

    /** One announce by {@code peer} from {@code from}, on a connection of its own. */
    static Reply announce(ListenerFixture fixture, InetAddress from, int peer, String extra) throws Exception {
        try (Socket socket = new Socket(from, fixture.listener.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(get("/announce?" + announceQuery(peer, extra), "Connection: close"));
            return read(socket.getInputStream());
        }
    }

    @Test
    void answersWithTheEnginesBytesUnderTheServletsHeaders() throws Exception {
        try (Socket socket = tracker.connect()) {
            socket.getOutputStream().write(get("/announce"));
            Reply reply = read(socket.getInputStream());
            String expectedBody = "d14:failure reason14:query: missinge";
            assertThat(reply.head())
                    .isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nCache-Control: no-store\r\n"
                            + "Content-Length: " + expectedBody.length() + "\r\n\r\n");
            assertThat(reply.bodyText()).isEqualTo(expectedBody);
        }
    }

    @Test
    void servesSeveralRequestsOnOneKeptAliveConnectionAndCountsThem() throws Exception {
        try (Socket socket = tracker.connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int peer = 1; peer <= 3; peer++) {
                out.write(get("/announce?" + announceQuery(peer, "&left=0&event=started")));
                Reply reply = read(in);
                assertThat(reply.status()).isEqualTo(200);
                assertThat(((BInteger) bencoded(reply).get("complete").orElseThrow()).value())
                        .isEqualTo(peer);
            }
            out.write(get("/scrape?info_hash=" + ListenerFixture.KNOWN.toPercentEncoded()));
            assertThat(read(in).bodyText()).contains("8:completei3e");
        }
        assertThat(tracker.meters
                        .get("ossnet.announce.requests")
                        .tag("outcome", "ok")
                        .counter()
                        .count())
                .isEqualTo(3);
    }

    @Test
    void closesAfterTheReplyToConnectionClose() throws Exception {
        try (Socket socket = tracker.connect()) {
            socket.getOutputStream().write(get("/announce?" + announceQuery(1, "&left=0"), "Connection: close"));
            Reply reply = read(socket.getInputStream());
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.head()).contains("Connection: close\r\n");
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void answersPipelinedRequestsInOrder() throws Exception {
        ByteArrayOutputStream three = new ByteArrayOutputStream();
        three.write(get("/announce?" + announceQuery(1, "&left=0")));
        three.write(get("/announce"));
        three.write(get("/announce?" + announceQuery(2, "&left=5&numwant=10"), "Connection: close"));
        try (Socket socket = tracker.connect()) {
            socket.getOutputStream().write(three.toByteArray());
            InputStream in = socket.getInputStream();
            assertThat(bencoded(read(in)).get("failure reason")).isEmpty();
            assertThat(read(in).bodyText()).contains("query: missing");
            assertThat(peers(read(in))).containsExactly(127, 0, 0, 1, 0x17, 0x71); // 6001
            assertThat(read(in)).isNull();
        }
    }

    @Test
    void putsTogetherARequestSplitAcrossManyWrites() throws Exception {
        byte[] request = get("/announce?" + announceQuery(1, "&left=0"), "Connection: close");
        try (Socket socket = tracker.connect()) {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < request.length; i += 7) {
                out.write(request, i, Math.min(7, request.length - i));
                out.flush();
                Thread.sleep(2); // separate segments, so the listener sees the request in pieces
            }
            assertThat(read(socket.getInputStream()).status()).isEqualTo(200);
        }
        assertThat(tracker.store.counts(ListenerFixture.KNOWN).complete()).isEqualTo(1);
    }

    @Test
    void takesTheSocketAddressAndIgnoresForwardedForFromAnUntrustedPeer() throws Exception {
        try (ListenerFixture untrusting = start("127.0.0.1", TrustedProxies.parse(List.of("10.0.0.0/8")))) {
            assertThat(handedOut(untrusting)).containsExactly(127, 0, 0, 1, 0x17, 0x71);
        }
    }

    @Test
    void believesForwardedForFromATrustedProxy() throws Exception {
        try (ListenerFixture trusting = start("127.0.0.1", TrustedProxies.parse(List.of("127.0.0.1/32")))) {
            assertThat(handedOut(trusting)).containsExactly(198, 51, 100, 7, 0x17, 0x71);
        }
    }

    /** Announces a seed with a forwarded-for header and returns the peers a leecher is then handed. */
    static byte[] handedOut(ListenerFixture fixture) throws Exception {
        try (Socket socket = fixture.connect()) {
            socket.getOutputStream()
                    .write(get(
                            "/announce?" + announceQuery(1, "&left=0&ip=203.0.113.9"),
                            "X-Forwarded-For: 198.51.100.7"));
            read(socket.getInputStream());
            socket.getOutputStream().write(get("/announce?" + announceQuery(2, "&left=5")));
            return peers(read(socket.getInputStream()));
        }
    }

    @Test
    void answersOtherPathsWith404AndOtherMethodsWith405() throws Exception {
        try (Socket socket = tracker.connect()) {
            socket.getOutputStream().write(get("/announce/batch"));
            assertThat(read(socket.getInputStream()).status()).isEqualTo(404);
        }
        try (Socket socket = tracker.connect()) {
            socket.getOutputStream()
                    .write("POST /announce HTTP/1.1\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Reply reply = read(socket.getInputStream());
            assertThat(reply.status()).isEqualTo(405);
            assertThat(reply.head()).contains("Allow: GET");
        }
    }
}
