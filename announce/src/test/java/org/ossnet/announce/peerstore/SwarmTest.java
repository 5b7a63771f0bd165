package org.ossnet.announce.peerstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.announce.peerstore.PeerStoreFixtures.peer;
import static org.ossnet.announce.peerstore.PeerStoreFixtures.peer6;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.ossnet.announce.peerhandoutpolicy.DefaultHandoutPolicy;
import org.ossnet.announce.peerhandoutpolicy.Pool;
import org.ossnet.announce.peerstore.PeerStoreFixtures.Compact;
import org.ossnet.announce.peerstore.PeerStoreFixtures.Ports;
import org.ossnet.core.announce.AnnounceEvent;

/** The compact tables of one swarm: families, kinds, hand-out runs, expiry by swap-removal, and the bytes a peer takes. */
class SwarmTest {

    final Swarm swarm = new Swarm();
    final DefaultHandoutPolicy policy = new DefaultHandoutPolicy(new Random(3));

    Compact handOut(PeerAnnounce requester, int wanted) {
        swarm.update(requester, 0, Integer.MAX_VALUE);
        Compact sink = new Compact();
        swarm.handOut(policy, requester.address(), requester.left() == 0, wanted, sink);
        return sink;
    }

    @Test
    void handsOutIpv4AndIpv6PeersAsTheirOwnCompactEntries() {
        swarm.update(peer(1, 0, AnnounceEvent.STARTED), 0, 10);
        swarm.update(peer6(2, 0, AnnounceEvent.STARTED), 0, 10);
        Compact sink = handOut(peer(3, 100, AnnounceEvent.STARTED), 50);
        assertThat(sink.v4.toByteArray()).containsExactly(10, 0, 0, 1, 6001 >> 8, (byte) 6001);
        byte[] v6 = sink.v6.toByteArray();
        assertThat(v6).hasSize(18);
        assertThat(v6[0]).isEqualTo((byte) 0x20);
        assertThat(v6[15]).isEqualTo((byte) 2);
        assertThat(sink.ports()).containsExactly(6001, 6002);
        assertThat(swarm.counts()).isEqualTo(new SwarmCounts(2, 1, 0));
    }

    @Test
    void aPeerThatChangesKindOrFamilyStaysOnePeer() {
        assertThat(swarm.update(peer(1, 100, AnnounceEvent.STARTED), 0, 10)).isEqualTo(1);
        assertThat(swarm.update(peer(1, 0, AnnounceEvent.COMPLETED), 1, 10)).isZero();
        assertThat(swarm.counts()).isEqualTo(new SwarmCounts(1, 0, 1));
        assertThat(swarm.update(peer6(1, 0, AnnounceEvent.NONE), 2, 10)).isZero();
        assertThat(swarm.counts()).isEqualTo(new SwarmCounts(1, 0, 1));
        assertThat(swarm.view(Pool.SEEDS, 0).address()).hasSize(16);
        assertThat(swarm.update(peer6(1, 0, AnnounceEvent.STOPPED), 3, 10)).isEqualTo(-1);
        assertThat(swarm.counts()).isEqualTo(new SwarmCounts(0, 0, 1));
        assertThat(swarm.disposable()).as("the completed count is kept").isFalse();
    }

    @Test
    void handsOutAPoolInAtMostThreeRunsWrappingAroundAndSkippingTheRequester() {
        for (int n = 1; n <= 100; n++) {
            swarm.update(peer(n, 0, AnnounceEvent.STARTED), 0, 1000);
        }
        for (int round = 0; round < 20; round++) {
            Compact sink = handOut(peer(1 + round * 5, 0, AnnounceEvent.NONE), 99);
            assertThat(sink.ports()).doesNotHaveDuplicates().hasSize(99).doesNotContain(6001 + round * 5);
            assertThat(sink.runs).hasSizeLessThanOrEqualTo(3);
        }
        Compact part = handOut(peer(200, 100, AnnounceEvent.STARTED), 30);
        assertThat(part.ports()).doesNotHaveDuplicates().hasSize(30);
        assertThat(part.runs.stream().mapToInt(Integer::intValue).sum()).isEqualTo(30);
    }

    @Test
    void expiryRemovesTheExpiredPeersFromAnywhereAndKeepsTheRestFindable() {
        for (int n = 0; n < 1000; n++) {
            swarm.update(
                    n % 2 == 0 ? peer(n, n % 3, AnnounceEvent.STARTED) : peer6(n, n % 3, AnnounceEvent.STARTED),
                    n % 7,
                    10_000);
        }
        long expired = IntStream.range(0, 1000).filter(n -> n % 7 <= 3).count();
        assertThat(swarm.expire(3, 10, 0)).isEqualTo((int) expired);
        SwarmCounts counts = swarm.counts();
        assertThat(counts.complete() + counts.incomplete()).isEqualTo(1000 - (int) expired);
        for (int n = 0; n < 1000; n++) {
            PeerAnnounce again = n % 2 == 0 ? peer(n, n % 3, AnnounceEvent.NONE) : peer6(n, n % 3, AnnounceEvent.NONE);
            assertThat(swarm.update(again, 10, 10_000)).as("peer %d", n).isEqualTo(n % 7 <= 3 ? 1 : 0);
        }
        assertThat(swarm.expire(9, 10, 0)).isZero();
        assertThat(swarm.expire(10, 11, 0)).isEqualTo(1000);
        assertThat(swarm.counts()).isEqualTo(new SwarmCounts(0, 0, 0));
    }

    @Test
    void expiryWaitsForTheOldestPeerAndScansAtMostOncePerGap() {
        swarm.update(peer(1, 0, AnnounceEvent.STARTED), 0, 10);
        swarm.update(peer(2, 0, AnnounceEvent.STARTED), 5, 10);
        assertThat(swarm.expire(-1, 59, 10)).as("nobody is that old").isZero();
        assertThat(swarm.expire(0, 60, 10)).isEqualTo(1);
        assertThat(swarm.expire(5, 65, 10))
                .as("within the gap of the last scan")
                .isZero();
        assertThat(swarm.expire(10, 70, 10)).isEqualTo(1);
    }

    @Test
    void aNewPeerBeyondTheCapIsNotRecordedNorCountedAsADownload() {
        swarm.update(peer(1, 0, AnnounceEvent.STARTED), 0, 1);
        assertThat(swarm.update(peer(2, 0, AnnounceEvent.COMPLETED), 0, 1)).isZero();
        assertThat(swarm.counts()).isEqualTo(new SwarmCounts(1, 0, 0));
        Ports ports = new Ports();
        swarm.handOut(policy, new byte[4], true, 10, ports);
        assertThat(ports.ports).containsExactly(6001);
    }

    @Test
    void aThousandIpv4PeersTakeFewerThan64BytesEach() {
        for (int n = 0; n < 1000; n++) {
            swarm.update(peer(n, n % 3, AnnounceEvent.STARTED), n, 10_000);
        }
        assertThat(swarm.bytes() / 1000.0).isLessThan(64);
        List<Integer> all = handOut(peer(5000, 0, AnnounceEvent.STARTED), 2000).ports();
        assertThat(all).hasSize(1000).doesNotHaveDuplicates();
    }
}
