package org.ossnet.agent.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.agent.announce.BatchAnnounceClientTest.FIRST;
import static org.ossnet.agent.announce.BatchAnnounceClientTest.SECOND;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BList;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.BValue;
import org.ossnet.core.testing.Await;
import org.ossnet.core.torrent.InfoHash;

@Timeout(30)
class BatchAnnouncerTest {

    AnnounceTrackerFixture tracker;
    InetSocketAddress leecher;
    final List<InetSocketAddress> firstPeers = new CopyOnWriteArrayList<>();
    final List<InetSocketAddress> secondPeers = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        tracker = AnnounceTrackerFixture.start();
        leecher = new InetSocketAddress(InetAddress.getByName("127.0.0.9"), 6881);
        tracker.answerBatch(request -> AnnounceTrackerFixture.batchReply(request, 1, List.of(leecher), Set.of()));
    }

    @AfterEach
    void stop() {
        tracker.close();
    }

    BatchAnnouncer announcer() {
        return announcer(new BatchAnnounceClient());
    }

    BatchAnnouncer announcer(BatchAnnounceClient client) {
        return new BatchAnnouncer(
                client,
                new AnnounceClient(),
                tracker.announceUrl(),
                AnnounceClientTest.PEER_ID,
                7000,
                true,
                Duration.ofMillis(200));
    }

    static BatchAnnouncer.Swarm seed(InfoHash infoHash, List<InetSocketAddress> peers) {
        return new BatchAnnouncer.Swarm(infoHash, () -> new Announcer.Transfer(5, 0, 0), peers::add);
    }

    /** Each batch received as "event:hex" per entry, an empty event for a re-announce. */
    List<List<String>> batches() {
        List<List<String>> out = new ArrayList<>();
        for (BDictionary batch : tracker.batches()) {
            List<String> entries = new ArrayList<>();
            for (BValue value : ((BList) batch.get("announces").orElseThrow()).values()) {
                BDictionary entry = (BDictionary) value;
                String event =
                        entry.get("event").map(e -> ((BString) e).asUtf8()).orElse("");
                entries.add(event + ":" + ((BString) entry.get("info_hash").orElseThrow()).asUtf8());
            }
            out.add(entries);
        }
        return out;
    }

    @Test
    void startsAllSwarmsInOneRequestReannouncesThemTogetherAndStopsThemOnClose() throws Exception {
        try (BatchAnnouncer announcer = announcer()) {
            announcer.add(seed(FIRST, firstPeers));
            announcer.add(seed(SECOND, secondPeers));
            announcer.start();

            assertThat(batches().getFirst()).containsExactly("started:" + FIRST.toHex(), "started:" + SECOND.toHex());
            assertThat(firstPeers).containsExactly(leecher);
            assertThat(secondPeers).containsExactly(leecher);
            assertThat(announcer.swarms())
                    .allSatisfy(s -> assertThat(s.announced()).isTrue());

            Await.until(() -> tracker.batches().size() >= 2, Duration.ofSeconds(10));
            assertThat(batches().get(1)).containsExactly(":" + FIRST.toHex(), ":" + SECOND.toHex());
        }
        assertThat(batches().getLast()).containsExactly("stopped:" + FIRST.toHex(), "stopped:" + SECOND.toHex());
    }

    @Test
    void aSwarmAddedLaterIsStartedAtOnceAndARemovedOneIsStoppedAtOnce() throws Exception {
        tracker.answerBatch(request -> AnnounceTrackerFixture.batchReply(request, 3600, List.of(), Set.of()));
        try (BatchAnnouncer announcer = announcer()) {
            announcer.add(seed(FIRST, firstPeers));
            announcer.start();

            announcer.add(seed(SECOND, secondPeers));
            Await.until(() -> tracker.batches().size() >= 2, Duration.ofSeconds(10));
            assertThat(batches().get(1)).containsExactly("started:" + SECOND.toHex());

            announcer.remove(FIRST);
            Await.until(() -> tracker.batches().size() >= 3, Duration.ofSeconds(10));
            assertThat(batches().get(2)).containsExactly("stopped:" + FIRST.toHex());
            assertThat(announcer.swarms())
                    .extracting(BatchAnnouncer.SwarmState::infoHash)
                    .containsExactly(SECOND);
        }
        assertThat(batches().getLast()).containsExactly("stopped:" + SECOND.toHex());
    }

    @Test
    void splitsARoundIntoRequestsOfAtMostMaxBatchSwarms() throws Exception {
        var client = new BatchAnnounceClient(new AnnounceLimits(1024, 50, 4096, 1), Duration.ofSeconds(10));
        try (BatchAnnouncer announcer = announcer(client)) {
            announcer.add(seed(FIRST, firstPeers));
            announcer.add(seed(SECOND, secondPeers));
            announcer.start();

            assertThat(batches().subList(0, 2))
                    .containsExactly(List.of("started:" + FIRST.toHex()), List.of("started:" + SECOND.toHex()));
        }
    }

    @Test
    void aRefusedSwarmIsStartedAgainAfterTheRetryDelay() throws Exception {
        tracker.answerBatch(
                request -> AnnounceTrackerFixture.batchReply(request, 3600, List.of(), Set.of(SECOND.toHex())));
        try (BatchAnnouncer announcer = announcer()) {
            announcer.add(seed(FIRST, firstPeers));
            announcer.add(seed(SECOND, secondPeers));
            announcer.start();
            assertThat(announcer.swarms().get(1).refusal()).isEqualTo("unknown swarm");

            tracker.answerBatch(request -> AnnounceTrackerFixture.batchReply(request, 3600, List.of(), Set.of()));
            Await.until(() -> announcer.swarms().get(1).announced(), Duration.ofSeconds(10));

            assertThat(batches().get(1)).containsExactly("started:" + SECOND.toHex());
            assertThat(announcer.swarms().get(1).refusal()).isNull();
        }
    }

    @Test
    void fallsBackToOneAnnouncePerSwarmWhenTheTrackerHasNoBatchEndpoint() throws Exception {
        tracker.answerBatchStatus(404);
        tracker.answer(AnnounceTrackerFixture.reply(3600, List.of(leecher)).getBytes());
        try (BatchAnnouncer announcer = announcer()) {
            announcer.add(seed(FIRST, firstPeers));
            announcer.add(seed(SECOND, secondPeers));
            announcer.start();

            assertThat(announcer.perSwarm()).isTrue();
            assertThat(tracker.queries())
                    .hasSize(2)
                    .allSatisfy(q -> assertThat(q).contains("event=started").contains("left=0"));
            assertThat(tracker.queries().get(0)).contains(FIRST.toPercentEncoded());
            assertThat(firstPeers).containsExactly(leecher);
            assertThat(secondPeers).containsExactly(leecher);
        }
        assertThat(tracker.queries()).hasSize(4);
        assertThat(tracker.queries().subList(2, 4))
                .allSatisfy(q -> assertThat(q).contains("event=stopped"));
    }

    @Test
    void anUnreachableTrackerIsReportedAndTriedAgain() throws Exception {
        tracker.answerBatchStatus(503);
        try (BatchAnnouncer announcer = announcer()) {
            announcer.add(seed(FIRST, firstPeers));
            announcer.start();
            assertThat(announcer.lastFailure()).hasMessageContaining("503");
            assertThat(announcer.swarms().getFirst().announced()).isFalse();

            tracker.answerBatchStatus(200);
            Await.until(() -> announcer.swarms().getFirst().announced(), Duration.ofSeconds(10));
            assertThat(announcer.lastFailure()).isNull();
        }
    }
}
