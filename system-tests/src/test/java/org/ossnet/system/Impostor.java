package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.ossnet.agent.swarm.ScriptedSeed;
import org.ossnet.core.testing.Await;
import org.ossnet.core.torrent.Metainfo;

/**
 * A malicious peer that claims to be a seed and answers every request with random bytes (peer-agent's test {@link
 * ScriptedSeed}). It listens on 127.0.0.2 and announces from there, so to the swarm it is another host: banning its
 * whole address (what {@code ossnet get} does) spares the honest peers on 127.0.0.1. It re-announces every
 * {@link #REANNOUNCE} until closed, so the tracker keeps handing it out however long a test's set-up takes.
 */
final class Impostor implements AutoCloseable {

    /** The prefix of the peer id it sends in its handshakes. */
    static final String PEER_ID_PREFIX = "-EV0001-";

    /** Well below the peer expiry of the shortest announce interval the system tests configure (2 × 5 s). */
    static final Duration REANNOUNCE = Duration.ofSeconds(3);

    private final ScriptedSeed seed;
    private final HttpClient http;
    private volatile Thread reannouncing;

    private Impostor(ScriptedSeed seed) throws IOException {
        this.seed = seed;
        this.http = HttpClient.newBuilder()
                .localAddress(seed.address().getAddress())
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Starts listening and announces itself to the torrent's tracker as a seed ({@code left=0}). */
    static Impostor start(Metainfo torrent) throws Exception {
        InetAddress address = InetAddress.getByName("127.0.0.2");
        var impostor = new Impostor(ScriptedSeed.corrupting(
                address, torrent.infoHash(), torrent.info().pieceCount()));
        try {
            URI announceUrl = URI.create(torrent.announce().orElseThrow());
            // The tracker learns a just-published swarm within its swarm refresh: until then it answers "unknown
            // swarm".
            String[] reply = {""};
            Await.until(
                    () -> !(reply[0] = impostor.announceOnce(announceUrl, torrent, "&event=started"))
                            .contains("failure reason"),
                    Duration.ofSeconds(30),
                    () -> "the tracker's reply to the impostor: " + reply[0]);
            impostor.reannouncing = Thread.ofVirtual().name("impostor-announce").start(() -> {
                try {
                    while (true) {
                        Thread.sleep(REANNOUNCE);
                        impostor.announce(announceUrl, torrent, "");
                    }
                } catch (InterruptedException closed) {
                    // Closed: the tracker forgets it after the peer expiry.
                } catch (Exception | AssertionError e) {
                    System.err.println("the impostor's re-announce failed: " + e);
                }
            });
            return impostor;
        } catch (Exception | AssertionError e) {
            impostor.close();
            throw e;
        }
    }

    /** The piece messages (all garbage) it has sent so far, over every connection. */
    int blocksSent() {
        return seed.blocksSentSoFar();
    }

    /** Where it listens. */
    InetSocketAddress address() throws IOException {
        return seed.address();
    }

    /** Announces, and fails unless the tracker took the announce. */
    private void announce(URI announceUrl, Metainfo torrent, String event) throws Exception {
        assertThat(announceOnce(announceUrl, torrent, event))
                .as("the tracker's reply to the impostor")
                .doesNotContain("failure reason");
    }

    /** Announces from its own address, since the tracker takes a peer's address from the socket; the reply's body. */
    private String announceOnce(URI announceUrl, Metainfo torrent, String event) {
        try {
            return announceRaw(announceUrl, torrent, event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String announceRaw(URI announceUrl, Metainfo torrent, String event)
            throws IOException, InterruptedException {
        String peerId = PEER_ID_PREFIX + "000000000000";
        URI announce = URI.create(announceUrl + (announceUrl.getRawQuery() == null ? "?" : "&") + "info_hash="
                + torrent.infoHash().toPercentEncoded()
                + "&peer_id=" + URLEncoder.encode(peerId, StandardCharsets.US_ASCII)
                + "&port=" + seed.address().getPort()
                + "&uploaded=0&downloaded=0&left=0&compact=1" + event);
        HttpResponse<String> reply = http.send(
                HttpRequest.newBuilder(announce).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return reply.body();
    }

    @Override
    public void close() throws Exception {
        Thread loop = reannouncing;
        if (loop != null) {
            loop.interrupt();
            loop.join(Duration.ofSeconds(15));
        }
        http.close();
        seed.close();
    }
}
