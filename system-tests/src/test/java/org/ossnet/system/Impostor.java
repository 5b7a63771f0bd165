package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.ossnet.agent.swarm.ScriptedSeed;
import org.ossnet.core.torrent.Metainfo;

/**
 * A malicious peer that claims to be a seed and answers every request with random bytes (peer-agent's test {@link
 * ScriptedSeed}). It listens on 127.0.0.2 and announces from there, so to the swarm it is another host: banning its
 * whole address (what {@code ossnet get} does) spares the honest peers on 127.0.0.1.
 */
final class Impostor implements AutoCloseable {

    /** The prefix of the peer id it sends in its handshakes. */
    static final String PEER_ID_PREFIX = "-EV0001-";

    private final ScriptedSeed seed;

    private Impostor(ScriptedSeed seed) {
        this.seed = seed;
    }

    /** Starts listening and announces itself to the torrent's tracker as a seed ({@code left=0}). */
    static Impostor start(Metainfo torrent) throws Exception {
        InetAddress address = InetAddress.getByName("127.0.0.2");
        var impostor = new Impostor(ScriptedSeed.corrupting(
                address, torrent.infoHash(), torrent.info().pieceCount()));
        try {
            impostor.announce(URI.create(torrent.announce().orElseThrow()), torrent);
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

    /**
     * Announces from its own address, since the tracker takes a peer's address from the socket; once is enough for
     * a test, well within the tracker's expiry.
     */
    private void announce(URI announceUrl, Metainfo torrent) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .localAddress(seed.address().getAddress())
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        String peerId = PEER_ID_PREFIX + "000000000000";
        URI announce = URI.create(announceUrl + (announceUrl.getRawQuery() == null ? "?" : "&") + "info_hash="
                + torrent.infoHash().toPercentEncoded()
                + "&peer_id=" + URLEncoder.encode(peerId, StandardCharsets.US_ASCII)
                + "&port=" + seed.address().getPort()
                + "&uploaded=0&downloaded=0&left=0&compact=1&event=started");
        HttpResponse<String> reply = http.send(
                HttpRequest.newBuilder(announce).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).as("the tracker's reply to the impostor").doesNotContain("failure reason");
    }

    @Override
    public void close() throws Exception {
        seed.close();
    }
}
