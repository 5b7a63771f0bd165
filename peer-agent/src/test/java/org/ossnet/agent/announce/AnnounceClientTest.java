package org.ossnet.agent.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ossnet.core.announce.AnnounceEvent;
import org.ossnet.core.announce.AnnounceRequest;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

@Timeout(30)
class AnnounceClientTest {

    static final InfoHash INFO_HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
    static final PeerId PEER_ID = PeerId.of("-OS0001-abc+ /%~xyz1".getBytes(StandardCharsets.ISO_8859_1));

    AnnounceTrackerFixture tracker;
    AnnounceClient client = new AnnounceClient();

    @BeforeEach
    void start() throws Exception {
        tracker = AnnounceTrackerFixture.start();
    }

    @AfterEach
    void stop() {
        tracker.close();
    }

    static AnnounceRequest request(AnnounceEvent event, boolean upload) {
        return new AnnounceRequest(INFO_HASH, PEER_ID, 6881, 10, 20, 30, event, 50, true, false, !upload);
    }

    @Test
    void sendsEveryParameterPercentEncoded() throws Exception {
        client.announce(tracker.announceUrl(), request(AnnounceEvent.STARTED, true));

        assertThat(tracker.queries())
                .containsExactly("info_hash=%01%23Eg%89%AB%CD%EF%01%23Eg%89%AB%CD%EF%01%23Eg"
                        + "&peer_id=-OS0001-abc%2B%20%2F%25~xyz1&port=6881&uploaded=10&downloaded=20&left=30"
                        + "&compact=1&numwant=50&event=started");
    }

    @Test
    void announcesUploadOffSoTheTrackerNeverHandsUsOut() throws Exception {
        client.announce(tracker.announceUrl(), request(AnnounceEvent.NONE, false));

        assertThat(tracker.queries().getFirst())
                .endsWith("&numwant=50&ossnet_upload=0")
                .doesNotContain("event=");
    }

    @Test
    void parsesCompactIpv4AndIpv6Peers() throws Exception {
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 51413);
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 6881);
        byte[] peers6 = ByteBuffer.allocate(18)
                .put(v6.getAddress().getAddress())
                .putShort((short) 6881)
                .array();
        tracker.answer(AnnounceTrackerFixture.reply(1800, List.of(v4))
                .with("peers6", BString.of(peers6))
                .getBytes());

        AnnounceReply reply = client.announce(tracker.announceUrl(), request(AnnounceEvent.STARTED, false));

        assertThat(reply.peers()).containsExactly(v4, v6);
        assertThat(reply.interval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(reply.complete()).isEqualTo(1);
        assertThat(reply.incomplete()).isEqualTo(2);
    }

    @Test
    void acceptsTheNonCompactFormWithLiteralAddressesOnly() throws Exception {
        byte[] body = "d8:intervali60e5:peersld2:ip9:127.0.0.24:porti7000eed2:ip11:example.org4:porti7001eeee"
                .getBytes(StandardCharsets.US_ASCII);
        tracker.answer(body);

        AnnounceReply reply = client.announce(tracker.announceUrl(), request(AnnounceEvent.STARTED, false));

        assertThat(reply.peers()).containsExactly(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 7000));
    }

    @Test
    void turnsAFailureReasonIntoAClearException() throws Exception {
        tracker.answer(Bencode.encode(
                BDictionary.builder().put("failure reason", "unknown info_hash").build()));

        assertThatThrownBy(() -> client.announce(tracker.announceUrl(), request(AnnounceEvent.STARTED, false)))
                .isInstanceOfSatisfying(
                        AnnounceException.class,
                        e -> assertThat(e.failureReason()).isEqualTo("unknown info_hash"))
                .hasMessageContaining("refused the announce: unknown info_hash");
    }

    @Test
    void showsAFailureReasonSentWithAnErrorStatus() throws Exception {
        tracker.answer(400, "d14:failure reason8:bad porte".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> client.announce(tracker.announceUrl(), request(AnnounceEvent.STARTED, false)))
                .isInstanceOf(AnnounceException.class)
                .hasMessageContaining("bad port");
    }

    @Test
    void rejectsAnErrorStatusWithoutAReason() throws Exception {
        tracker.answer(502, "<html>bad gateway</html>".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> client.announce(tracker.announceUrl(), request(AnnounceEvent.STARTED, false)))
                .hasMessageContaining("HTTP 502");
    }

    @Test
    void rejectsInvalidReplies() {
        List<String> invalid = List.of(
                "not bencode",
                "li1ee",
                "d5:peers0:e",
                "d8:intervali0e5:peers0:e",
                "d8:intervali60e5:peers5:abcdee",
                "d8:intervali60e6:peers67:abcdefge",
                "d8:intervali60e5:peersi3ee",
                "d8:interval2:60e",
                "d8:intervali60e5:peersli1eee");
        for (String body : invalid) {
            tracker.answer(body.getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(
                            () -> client.announce(tracker.announceUrl(), request(AnnounceEvent.STARTED, false)), body)
                    .isInstanceOf(AnnounceException.class)
                    .hasMessageContaining("invalid announce reply");
        }
    }

    @Test
    void boundsTheReplySizeAndThePeerCount() throws Exception {
        tracker.answer(new byte[2048]);
        var small = new AnnounceClient(new AnnounceLimits(1024, 2), Duration.ofSeconds(10));
        assertThatThrownBy(() -> small.announce(tracker.announceUrl(), request(AnnounceEvent.STARTED, false)))
                .hasMessageContaining("more than 1024 bytes");

        List<InetSocketAddress> many = List.of(
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 1),
                new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 2),
                new InetSocketAddress(InetAddress.getByName("127.0.0.3"), 3));
        tracker.answer(AnnounceTrackerFixture.reply(60, many).getBytes());
        assertThat(small.announce(tracker.announceUrl(), request(AnnounceEvent.STARTED, false))
                        .peers())
                .containsExactlyElementsOf(many.subList(0, 2));
    }

    @Test
    void skipsPeersOnPortZero() throws Exception {
        tracker.answer(
                AnnounceTrackerFixture.reply(60, List.of(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0)))
                        .getBytes());

        assertThat(client.announce(tracker.announceUrl(), request(AnnounceEvent.STARTED, false))
                        .peers())
                .isEmpty();
    }
}
