package org.ossnet.announce.peerstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.announce.peerstore.PeerStoreFixtures.POLICY;
import static org.ossnet.announce.peerstore.PeerStoreFixtures.peer;
import static org.ossnet.announce.peerstore.PeerStoreFixtures.swarm;
import static org.ossnet.announce.peerstore.PeerStoreFixtures.uploadOff;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.ossnet.announce.peerstore.PeerStoreFixtures.Ports;
import org.ossnet.core.announce.AnnounceEvent;

class InMemoryPeerStoreTest {

    final AtomicLong now = new AtomicLong(1_000_000);
    final InMemoryPeerStore store = new InMemoryPeerStore(3, 5, Duration.ofSeconds(60), now::get);

    SwarmCounts announce(int swarm, PeerAnnounce announce) {
        return store.announce(swarm(swarm), announce, 50, POLICY, new Ports());
    }

    List<Integer> handedOut(int swarm, PeerAnnounce announce) {
        Ports ports = new Ports();
        store.announce(swarm(swarm), announce, 50, POLICY, ports);
        return ports.ports;
    }

    @Test
    void countsSeedsAndLeechersAndHandsOutOthersButNeverTheRequester() {
        announce(1, peer(1, 0, AnnounceEvent.STARTED));
        announce(1, peer(2, 100, AnnounceEvent.STARTED));
        SwarmCounts counts = announce(1, peer(3, 100, AnnounceEvent.STARTED));
        assertThat(counts).isEqualTo(new SwarmCounts(1, 2, 0));
        assertThat(handedOut(1, peer(3, 100, AnnounceEvent.NONE))).containsExactlyInAnyOrder(6001, 6002);
        assertThat(store.peers()).isEqualTo(3);
        assertThat(store.swarms()).isEqualTo(1);
    }

    @Test
    void stoppedRemovesThePeerAndCompletedCountsOneDownloadPerPeer() {
        announce(1, peer(1, 100, AnnounceEvent.STARTED));
        assertThat(announce(1, peer(1, 0, AnnounceEvent.COMPLETED))).isEqualTo(new SwarmCounts(1, 0, 1));
        assertThat(announce(1, peer(1, 0, AnnounceEvent.COMPLETED))).isEqualTo(new SwarmCounts(1, 0, 1));
        assertThat(announce(1, peer(1, 0, AnnounceEvent.STOPPED))).isEqualTo(new SwarmCounts(0, 0, 1));
        assertThat(store.peers()).isZero();
    }

    @Test
    void uploadOffPeersAreCountedButNeverHandedOut() {
        announce(1, uploadOff(1, 0));
        announce(1, uploadOff(2, 100));
        assertThat(announce(1, peer(3, 100, AnnounceEvent.STARTED))).isEqualTo(new SwarmCounts(1, 2, 0));
        assertThat(handedOut(1, peer(4, 100, AnnounceEvent.STARTED))).containsExactly(6003);
    }

    @Test
    void expiresPeersTwoIntervalsAfterTheirLastAnnounceOnAnnounceAndOnSweep() {
        announce(1, peer(1, 100, AnnounceEvent.STARTED));
        announce(2, peer(2, 100, AnnounceEvent.STARTED));
        now.addAndGet(30_000);
        announce(1, peer(3, 100, AnnounceEvent.STARTED));
        now.addAndGet(30_000);
        // Peer 1 is exactly 60 s old: expired lazily by this announce to its swarm.
        assertThat(handedOut(1, peer(4, 100, AnnounceEvent.STARTED))).containsExactly(6003);
        assertThat(store.sweep()).isEqualTo(1);
        assertThat(store.swarms()).isEqualTo(1);
        assertThat(store.peers()).isEqualTo(2);
        now.addAndGet(60_000);
        assertThat(store.sweep()).isEqualTo(2);
        assertThat(store.swarms()).isZero();
        assertThat(store.peers()).isZero();
    }

    @Test
    void aReannounceKeepsAPeerAlive() {
        announce(1, peer(1, 100, AnnounceEvent.STARTED));
        now.addAndGet(50_000);
        announce(1, peer(1, 100, AnnounceEvent.NONE));
        now.addAndGet(50_000);
        assertThat(store.sweep()).isZero();
        assertThat(store.counts(swarm(1))).isEqualTo(new SwarmCounts(0, 1, 0));
    }

    @Test
    void refusesASwarmBeyondTheCapAndAnswersButDoesNotRecordAPeerBeyondTheSwarmCap() {
        announce(1, peer(1, 0, AnnounceEvent.STARTED));
        announce(2, peer(1, 0, AnnounceEvent.STARTED));
        announce(3, peer(1, 0, AnnounceEvent.STARTED));
        assertThat(announce(4, peer(1, 0, AnnounceEvent.STARTED))).isSameAs(SwarmCounts.NO_ROOM);
        for (int n = 2; n <= 5; n++) {
            announce(1, peer(n, 100, AnnounceEvent.STARTED));
        }
        assertThat(handedOut(1, peer(6, 100, AnnounceEvent.STARTED))).hasSize(5);
        assertThat(store.counts(swarm(1))).isEqualTo(new SwarmCounts(1, 4, 0));
    }

    @Test
    void refusesASwarmCapItsTablesCannotAddress() {
        assertThatThrownBy(() -> new InMemoryPeerStore(1, PeerIndex.MAX_SLOTS + 1, Duration.ofHours(1), now::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 2097152 peers per swarm");
    }

    @Test
    void keepsCountsExactUnderConcurrentAnnounces() throws Exception {
        InMemoryPeerStore big = new InMemoryPeerStore(100, 100_000, Duration.ofHours(1), System::currentTimeMillis);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 5_000; i++) {
                    int n = thread * 5_000 + i;
                    big.announce(swarm(n % 10), peer(n, n % 3, AnnounceEvent.STARTED), 20, POLICY, new Ports());
                    if (i % 5 == 0) {
                        big.announce(swarm(n % 10), peer(n, 0, AnnounceEvent.STOPPED), 0, POLICY, new Ports());
                    }
                    if (i % 1000 == 0) {
                        big.sweep();
                    }
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(big.peers()).isEqualTo(32_000);
        long total = 0;
        for (int s = 0; s < 10; s++) {
            SwarmCounts counts = big.counts(swarm(s));
            total += counts.complete() + counts.incomplete();
        }
        assertThat(total).isEqualTo(32_000);
    }
}
