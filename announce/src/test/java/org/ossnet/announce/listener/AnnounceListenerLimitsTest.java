package org.ossnet.announce.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.announce.listener.ListenerFixture.announceQuery;
import static org.ossnet.announce.listener.ListenerFixture.closedByServer;
import static org.ossnet.announce.listener.ListenerFixture.get;
import static org.ossnet.announce.listener.ListenerFixture.read;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.ossnet.announce.listener.ListenerFixture.Reply;
import org.ossnet.announce.peeraddress.TrustedProxies;

/**
 * What the listener refuses, and that one bad or slow connection leaves the others alone; run on each kind of sockets
 * by {@link NioAnnounceListenerLimitsTest} and {@link EpollAnnounceListenerLimitsTest}.
 */
abstract class AnnounceListenerLimitsTest {

    /** The sockets under test. */
    abstract ListenerConfig.Sockets sockets();

    ListenerFixture start() {
        return ListenerFixture.start(
                ListenerConfig.defaults("127.0.0.1", 0).withSockets(sockets()), new TrustedProxies(List.of()));
    }

    ListenerFixture start(int maxConnections, int maxRequestBytes, Duration idleTimeout) {
        return ListenerFixture.start(
                new ListenerConfig("127.0.0.1", 0, 1, maxConnections, maxRequestBytes, idleTimeout, sockets()),
                new TrustedProxies(List.of()));
    }

    static Reply exchange(ListenerFixture tracker, byte[] request) throws Exception {
        try (Socket socket = tracker.connect()) {
            socket.getOutputStream().write(request);
            Reply reply = read(socket.getInputStream());
            assertThat(closedByServer(socket.getInputStream())).isTrue();
            return reply;
        }
    }

    @Test
    void refusesAnOversizedRequestLineWith414AndOversizedHeadersWith431() throws Exception {
        try (ListenerFixture tracker = start(100, 2048, Duration.ofSeconds(10))) {
            Reply uri = exchange(tracker, get("/announce?" + "a".repeat(4000)));
            assertThat(uri.status()).isEqualTo(414);
            assertThat(uri.head()).contains("Connection: close");
            Reply headers = exchange(tracker, get("/announce?x=1", "Cookie: " + "c".repeat(4000)));
            assertThat(headers.status()).isEqualTo(431);
            assertThat(tracker.meters
                            .get("ossnet.announce.listener.refused")
                            .tag("status", "431")
                            .counter()
                            .count())
                    .isEqualTo(1);
        }
    }

    @Test
    void refusesGarbageWith400WhileAnotherConnectionGoesOnWorking() throws Exception {
        try (ListenerFixture tracker = start();
                Socket good = tracker.connect()) {
            good.getOutputStream().write(get("/announce?" + announceQuery(1, "&left=0")));
            assertThat(read(good.getInputStream()).status()).isEqualTo(200);

            byte[] garbage = {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03};
            Reply refused = exchange(tracker, garbage);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.bodyText()).contains("malformed request line");

            good.getOutputStream().write(get("/announce?" + announceQuery(2, "&left=0")));
            assertThat(read(good.getInputStream()).status()).isEqualTo(200);
        }
    }

    @Test
    void closesAnIdleConnectionAndRefusesAnUnfinishedRequestWith408() throws Exception {
        try (ListenerFixture tracker = start(100, 4096, Duration.ofMillis(300))) {
            try (Socket idle = tracker.connect()) {
                assertThat(closedByServer(idle.getInputStream())).isTrue();
            }
            try (Socket slow = tracker.connect()) {
                slow.getOutputStream().write("GET /announce?info_hash=".getBytes(StandardCharsets.US_ASCII));
                Reply reply = read(slow.getInputStream());
                assertThat(reply.status()).isEqualTo(408);
                assertThat(closedByServer(slow.getInputStream())).isTrue();
            }
            // The listener closes its end once it reads ours: wait for that, bounded.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (tracker.listener.connections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(tracker.listener.connections()).isZero();
        }
    }

    @Test
    void servesManyConcurrentConnectionsOnTwoThreadsSharingThePort() throws Exception {
        int clients = 200;
        try (ListenerFixture tracker = ListenerFixture.start(
                        new ListenerConfig(
                                "127.0.0.1",
                                0,
                                2,
                                ListenerConfig.DEFAULT_MAX_CONNECTIONS,
                                ListenerConfig.DEFAULT_MAX_REQUEST_BYTES,
                                ListenerConfig.DEFAULT_IDLE_TIMEOUT,
                                sockets()),
                        new TrustedProxies(List.of()));
                var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> statuses = new ArrayList<>();
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    open.add(tracker.connect());
                }
                for (int i = 0; i < clients; i++) {
                    Socket socket = open.get(i);
                    int peer = i + 1;
                    statuses.add(pool.submit(() -> {
                        OutputStream out = socket.getOutputStream();
                        out.write(get("/announce?" + announceQuery(peer, "&left=0"), "Connection: close"));
                        return read(socket.getInputStream()).status();
                    }));
                }
                for (Future<Integer> status : statuses) {
                    assertThat(status.get()).isEqualTo(200);
                }
            } finally {
                for (Socket socket : open) {
                    socket.close();
                }
            }
            assertThat(tracker.store.counts(ListenerFixture.KNOWN).complete()).isEqualTo(100);
        }
    }

    /**
     * Connections are accepted in rounds and read after the round: those whose request is there are answered at
     * once, a silent one among them waits in the selector and is answered when its request comes.
     */
    @Test
    void answersConnectionsAcceptedTogetherAndWaitsForOneThatHasNotSpokenYet() throws Exception {
        int clients = 60; // the fixture's swarms hold 100 peers
        try (ListenerFixture tracker = start();
                Socket silent = tracker.connect()) {
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    Socket socket = tracker.connect();
                    open.add(socket);
                    socket.getOutputStream()
                            .write(get("/announce?" + announceQuery(i + 1, "&left=100"), "Connection: close"));
                }
                for (Socket socket : open) {
                    assertThat(read(socket.getInputStream()).status()).isEqualTo(200);
                    assertThat(closedByServer(socket.getInputStream())).isTrue();
                }
            } finally {
                for (Socket socket : open) {
                    socket.close();
                }
            }
            silent.getOutputStream()
                    .write(get("/announce?" + announceQuery(clients + 1, "&left=100"), "Connection: close"));
            assertThat(read(silent.getInputStream()).status()).isEqualTo(200);
            assertThat(tracker.store.counts(ListenerFixture.KNOWN).incomplete()).isEqualTo(clients + 1);
        }
    }

    /**
     * A client that pipelines more requests than the socket buffers hold the replies of, through a 4 KiB receive buffer:
     * the listener holds its requests back, writes what the socket takes as it drains, and answers every one in
     * order, the last (with {@code Connection: close}) before it closes.
     */
    @Test
    void answersEveryPipelinedRequestOfAClientThatReadsLateAndClosesAfterTheLast() throws Exception {
        int seeds = 60;
        int requests = 12_000; // about 5 MB of replies: more than the kernel's largest send buffer (tcp_wmem, 4 MB)
        try (ListenerFixture tracker = start()) {
            for (int peer = 1; peer <= seeds; peer++) {
                assertThat(exchange(tracker, get("/announce?" + announceQuery(peer, "&left=0"), "Connection: close"))
                                .status())
                        .isEqualTo(200);
            }
            try (Socket socket = new Socket()) {
                socket.setReceiveBufferSize(4096);
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), tracker.listener.port()));
                socket.setSoTimeout(10_000);
                byte[] one = get("/announce?" + announceQuery(seeds + 1, "&left=5&numwant=50"));
                byte[] last = get("/announce?" + announceQuery(seeds + 1, "&left=5&numwant=50"), "Connection: close");
                try (var writer = Executors.newVirtualThreadPerTaskExecutor()) {
                    Future<?> written = writer.submit(() -> {
                        OutputStream out = socket.getOutputStream();
                        for (int i = 1; i < requests; i++) {
                            out.write(one);
                        }
                        out.write(last);
                        return null;
                    });
                    InputStream in = new BufferedInputStream(socket.getInputStream());
                    for (int i = 0; i < requests; i++) {
                        Reply reply = read(in);
                        assertThat(reply).as("reply %d", i + 1).isNotNull();
                        assertThat(reply.status()).isEqualTo(200);
                        assertThat(reply.bodyText()).contains("5:peers300:");
                    }
                    written.get();
                    assertThat(closedByServer(in)).isTrue();
                }
            }
        }
    }

    @Test
    void closesConnectionsBeyondMaxConnectionsAtOnce() throws Exception {
        try (ListenerFixture tracker = start(2, 4096, Duration.ofSeconds(10));
                Socket first = tracker.connect();
                Socket second = tracker.connect()) {
            first.getOutputStream().write(get("/announce"));
            second.getOutputStream().write(get("/announce"));
            assertThat(read(first.getInputStream()).status()).isEqualTo(200);
            assertThat(read(second.getInputStream()).status()).isEqualTo(200);
            try (Socket third = tracker.connect()) {
                assertThat(closedByServer(third.getInputStream())).isTrue();
            }
            assertThat(tracker.meters
                            .get("ossnet.announce.listener.overflow")
                            .counter()
                            .count())
                    .isEqualTo(1);
            first.getOutputStream().write(get("/announce"));
            assertThat(read(first.getInputStream()).status()).isEqualTo(200);
        }
    }
}
