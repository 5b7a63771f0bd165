package org.ossnet.agent.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.agent.announce.AnnounceClientTest.PEER_ID;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ossnet.core.announce.AnnounceEvent;
import org.ossnet.core.announce.BatchAnnounce;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BInteger;
import org.ossnet.core.bencode.BList;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.torrent.InfoHash;

@Timeout(30)
class BatchAnnounceClientTest {

    static final InfoHash FIRST = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
    static final InfoHash SECOND = InfoHash.fromHex("89abcdef0123456789abcdef0123456789abcdef");

    AnnounceTrackerFixture tracker;
    BatchAnnounceClient client = new BatchAnnounceClient();
    InetSocketAddress leecher;

    @BeforeEach
    void start() throws Exception {
        tracker = AnnounceTrackerFixture.start();
        leecher = new InetSocketAddress(InetAddress.getByName("127.0.0.9"), 6881);
    }

    @AfterEach
    void stop() {
        tracker.close();
    }

    static BatchAnnounce twoSwarms(boolean upload) {
        return new BatchAnnounce(
                PEER_ID,
                7000,
                50,
                !upload,
                List.of(
                        new BatchAnnounce.Entry(FIRST, AnnounceEvent.STARTED, 10, 20, 0),
                        new BatchAnnounce.Entry(SECOND, AnnounceEvent.NONE, 0, 0, 0)));
    }

    @Test
    void sendsOneBodyForAllSwarmsAndReadsOneResultPerSwarm() throws Exception {
        tracker.answerBatch(request -> AnnounceTrackerFixture.batchReply(request, 1800, List.of(leecher), Set.of()));

        BatchReply reply = client.announce(tracker.announceUrl(), twoSwarms(false));

        BDictionary sent = tracker.batches().getFirst();
        assertThat(sent.get("peer_id")).contains(BString.of(PEER_ID.bytes()));
        assertThat(sent.get("port")).contains(BInteger.of(7000));
        assertThat(sent.get("upload")).contains(BInteger.of(0));
        assertThat(sent.get("numwant")).contains(BInteger.of(50));
        List<?> entries = ((BList) sent.get("announces").orElseThrow()).values();
        BDictionary first = (BDictionary) entries.get(0);
        assertThat(first.get("info_hash")).contains(BString.of(FIRST.toHex()));
        assertThat(first.get("event")).contains(BString.of("started"));
        assertThat(first.get("uploaded")).contains(BInteger.of(10));
        assertThat(first.get("downloaded")).contains(BInteger.of(20));
        assertThat(((BDictionary) entries.get(1)).containsKey("event"))
                .as("a re-announce has no event")
                .isFalse();

        assertThat(reply.interval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(reply.swarms()).extracting(BatchReply.SwarmResult::infoHash).containsExactly(FIRST, SECOND);
        assertThat(reply.swarms().getFirst().reply().peers()).containsExactly(leecher);
        assertThat(reply.swarms().getFirst().reply().complete()).isEqualTo(1);
    }

    @Test
    void aRefusedSwarmIsAResultWhileTheOthersStillGetTheirPeers() throws Exception {
        tracker.answerBatch(
                request -> AnnounceTrackerFixture.batchReply(request, 60, List.of(leecher), Set.of(SECOND.toHex())));

        BatchReply reply = client.announce(tracker.announceUrl(), twoSwarms(true));

        assertThat(reply.swarms().get(0).refused()).isFalse();
        assertThat(reply.swarms().get(1).refused()).isTrue();
        assertThat(reply.swarms().get(1).failureReason()).isEqualTo("unknown swarm");
    }

    @Test
    void refusesAReplyWithFewerSwarmsThanAsked() {
        tracker.answerBatch(request -> "d8:intervali60e6:swarmslee".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> client.announce(tracker.announceUrl(), twoSwarms(true)))
                .isInstanceOf(AnnounceException.class)
                .hasMessageContaining("0 swarms answered, 2 asked");
    }

    @Test
    void refusesAReplyWhoseSwarmsAreInAnotherOrder() {
        tracker.answerBatch(request -> {
            byte[] right = AnnounceTrackerFixture.batchReply(request, 60, List.of(), Set.of());
            return new String(right, StandardCharsets.ISO_8859_1)
                    .replace(FIRST.toHex(), "ffffffffffffffffffffffffffffffffffffffff")
                    .getBytes(StandardCharsets.ISO_8859_1);
        });

        assertThatThrownBy(() -> client.announce(tracker.announceUrl(), twoSwarms(true)))
                .isInstanceOf(AnnounceException.class)
                .hasMessageContaining("swarms[0] does not name the info-hash asked");
    }

    @Test
    void aTopLevelFailureReasonRefusesTheWholeBatch() {
        tracker.answerBatch(request -> "d14:failure reason16:announces: emptye".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> client.announce(tracker.announceUrl(), twoSwarms(true)))
                .isInstanceOfSatisfying(
                        AnnounceException.class,
                        e -> assertThat(e.failureReason()).isEqualTo("announces: empty"));
    }

    @Test
    void refusesMalformedSwarmEntries() {
        for (String body : List.of(
                "d8:intervali60e6:swarmsli1ei2eee",
                "d8:intervali60e6:swarms3:abce",
                "d6:swarmslee",
                "d8:intervali0e6:swarmslee",
                "not bencode")) {
            tracker.answerBatch(request -> body.getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> client.announce(tracker.announceUrl(), twoSwarms(true)))
                    .as(body)
                    .isInstanceOfSatisfying(
                            AnnounceException.class,
                            e -> assertThat(e.failureReason()).isNull());
        }
    }

    @Test
    void aMissingBatchEndpointIsReportedAsUnsupported() {
        tracker.answerBatchStatus(404);

        assertThatThrownBy(() -> client.announce(tracker.announceUrl(), twoSwarms(true)))
                .isInstanceOf(BatchAnnounceClient.BatchUnsupportedException.class)
                .hasMessageContaining("/announce/batch");
    }

    @Test
    void refusesARepliesOverTheLimitAndTakesAtMostMaxPeersPerSwarm() throws Exception {
        var small = new BatchAnnounceClient(new AnnounceLimits(1024, 1, 4096, 10), Duration.ofSeconds(10));
        InetSocketAddress other = new InetSocketAddress(InetAddress.getByName("127.0.0.10"), 6882);
        tracker.answerBatch(
                request -> AnnounceTrackerFixture.batchReply(request, 60, List.of(leecher, other), Set.of()));

        BatchReply reply = small.announce(tracker.announceUrl(), twoSwarms(true));
        assertThat(reply.swarms().getFirst().reply().peers()).containsExactly(leecher);

        var tiny = new BatchAnnounceClient(new AnnounceLimits(1024, 1, 100, 10), Duration.ofSeconds(10));
        assertThatThrownBy(() -> tiny.announce(tracker.announceUrl(), twoSwarms(true)))
                .isInstanceOf(AnnounceException.class)
                .hasMessageContaining("more than 100 bytes");
    }

    @Test
    void theBatchUrlIsTheAnnounceUrlWithBatchAppended() {
        assertThat(BatchAnnounceClient.batchUrl(URI.create("http://t.example/announce")))
                .isEqualTo(URI.create("http://t.example/announce/batch"));
        assertThat(BatchAnnounceClient.batchUrl(URI.create("http://t.example/announce/?key=1")))
                .isEqualTo(URI.create("http://t.example/announce/batch?key=1"));
    }
}
