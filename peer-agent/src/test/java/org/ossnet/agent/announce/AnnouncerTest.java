package org.ossnet.agent.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.testing.Await;

@Timeout(30)
class AnnouncerTest {

    AnnounceTrackerFixture tracker;
    final List<InetSocketAddress> handedOut = new CopyOnWriteArrayList<>();
    final AtomicLong left = new AtomicLong(1000);

    @BeforeEach
    void start() throws Exception {
        tracker = AnnounceTrackerFixture.start();
    }

    @AfterEach
    void stop() {
        tracker.close();
    }

    Announcer announcer(boolean upload) {
        return new Announcer(
                new AnnounceClient(),
                tracker.announceUrl(),
                AnnounceClientTest.INFO_HASH,
                AnnounceClientTest.PEER_ID,
                7000,
                upload,
                () -> new Announcer.Transfer(0, 1000 - left.get(), left.get()),
                handedOut::add);
    }

    @Test
    void announcesStartedThenAtTheIntervalThenCompletedThenStopped() throws Exception {
        InetSocketAddress seed = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 6881);
        tracker.answer(AnnounceTrackerFixture.reply(1, List.of(seed)).getBytes());

        try (Announcer announcer = announcer(false)) {
            announcer.start();
            assertThat(handedOut).containsExactly(seed);
            Await.until(() -> tracker.queries().size() >= 2, Duration.ofSeconds(10));
            left.set(0);
            announcer.completed();
            Await.until(
                    () -> tracker.queries().stream().anyMatch(q -> q.contains("event=completed")),
                    Duration.ofSeconds(10));
        }

        List<String> queries = tracker.queries();
        assertThat(queries.getFirst()).contains("event=started").contains("&left=1000&");
        assertThat(queries.get(1)).doesNotContain("event=");
        assertThat(queries.getLast()).contains("event=stopped").contains("&left=0&");
        assertThat(queries).allMatch(q -> q.contains("&port=7000&") && q.contains("ossnet_upload=0"));
        assertThat(handedOut).hasSizeGreaterThanOrEqualTo(2).containsOnly(seed);
    }

    @Test
    void aCompleteFileDialsHandedOutPeersOnlyWhenTheTrackerCountsLeechers() {
        var peer = List.of(new java.net.InetSocketAddress("127.0.0.1", 6881));
        var seedsOnly = new AnnounceReply(Duration.ofMinutes(30), Duration.ofMinutes(1), 3, 0, peer);
        var withLeechers = new AnnounceReply(Duration.ofMinutes(30), Duration.ofMinutes(1), 3, 1, peer);

        assertThat(Announcer.worthDialling(0, seedsOnly)).isFalse();
        assertThat(Announcer.worthDialling(0, withLeechers)).isTrue();
        assertThat(Announcer.worthDialling(1, seedsOnly)).isTrue();
    }

    @Test
    void failsToStartWhenTheTrackerRefusesTheSwarm() {
        tracker.answer(Bencode.encode(
                BDictionary.builder().put("failure reason", "unknown swarm").build()));

        try (Announcer announcer = announcer(true)) {
            assertThatThrownBy(announcer::start).isInstanceOf(AnnounceException.class);
        }
        assertThat(tracker.queries()).hasSize(1);
    }

    @Test
    void keepsAnnouncingAfterAFailedReannounce() throws Exception {
        tracker.answer(AnnounceTrackerFixture.reply(1, List.of()).getBytes());
        try (Announcer announcer = announcer(true)) {
            announcer.start();
            tracker.answer(500, new byte[0]);
            Await.until(() -> announcer.lastFailure() != null, Duration.ofSeconds(10));
            assertThat(announcer.announces()).isEqualTo(1);
        }
    }
}
