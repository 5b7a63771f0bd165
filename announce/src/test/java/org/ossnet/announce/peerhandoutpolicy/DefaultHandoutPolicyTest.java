package org.ossnet.announce.peerhandoutpolicy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DefaultHandoutPolicyTest {

    /** A swarm of numbered candidates; the requester is number -1 when it is in a pool. */
    static final class Fake implements Candidates {
        final List<Integer> seeds = new ArrayList<>();
        final List<Integer> leechers = new ArrayList<>();
        final List<Integer> given = new ArrayList<>();

        Fake(int seedCount, int leecherCount, boolean requesterIsLeecher) {
            for (int i = 0; i < seedCount; i++) {
                seeds.add(1000 + i);
            }
            for (int i = 0; i < leecherCount; i++) {
                leechers.add(2000 + i);
            }
            if (requesterIsLeecher) {
                leechers.add(leecherCount / 2, -1);
            }
        }

        List<Integer> pool(Pool pool) {
            return pool == Pool.SEEDS ? seeds : leechers;
        }

        @Override
        public int count(Pool pool) {
            return pool(pool).size();
        }

        @Override
        public boolean isRequester(Pool pool, int index) {
            return pool(pool).get(index) == -1;
        }

        @Override
        public byte[] address(Pool pool, int index) {
            return new byte[4];
        }

        @Override
        public void handOut(Pool pool, int index) {
            given.add(pool(pool).get(index));
        }

        long seedsGiven() {
            return given.stream().filter(n -> n >= 1000 && n < 2000).count();
        }
    }

    final DefaultHandoutPolicy policy = new DefaultHandoutPolicy(new Random(7));
    final Requester leecher = new Requester(new byte[] {127, 0, 0, 1}, false);
    final Requester seed = new Requester(new byte[] {127, 0, 0, 1}, true);

    @Test
    void givesALeecherMostlySeedsAndSomeLeechers() {
        Fake swarm = new Fake(100, 100, true);
        assertThat(policy.choose(swarm, leecher, 40)).isEqualTo(40);
        assertThat(swarm.seedsGiven()).isEqualTo(30);
        assertThat(swarm.given).doesNotHaveDuplicates().doesNotContain(-1);
    }

    @Test
    void fillsFromSeedsWhenLeechersRunShortAndTheOtherWayRound() {
        Fake fewLeechers = new Fake(100, 2, true);
        assertThat(policy.choose(fewLeechers, leecher, 40)).isEqualTo(40);
        assertThat(fewLeechers.seedsGiven()).isEqualTo(38);
        assertThat(fewLeechers.given).doesNotHaveDuplicates().doesNotContain(-1);

        Fake fewSeeds = new Fake(3, 100, true);
        assertThat(policy.choose(fewSeeds, leecher, 40)).isEqualTo(40);
        assertThat(fewSeeds.seedsGiven()).isEqualTo(3);
    }

    @Test
    void givesASeedLeechersFirst() {
        Fake swarm = new Fake(50, 60, false);
        assertThat(policy.choose(swarm, seed, 40)).isEqualTo(40);
        assertThat(swarm.seedsGiven()).isZero();
    }

    @Test
    void givesASeedSeedsWhenLeechersRunShortAsAMagnetClientFetchingMetadataNeedsThem() {
        // aria2 announces left=0 while it fetches a magnet link's metadata: only seeds can help it.
        Fake swarm = new Fake(50, 10, false);
        swarm.seeds.add(25, -1);
        assertThat(policy.choose(swarm, seed, 40)).isEqualTo(40);
        assertThat(swarm.seedsGiven()).isEqualTo(30);
        assertThat(swarm.given).doesNotHaveDuplicates().doesNotContain(-1);
    }

    @Test
    void neverHandsOutTheRequesterEvenWhenItIsTheOnlyCandidate() {
        Fake swarm = new Fake(0, 0, true);
        assertThat(policy.choose(swarm, leecher, 10)).isZero();
        assertThat(swarm.given).isEmpty();
    }

    @Test
    void handsOutEveryoneOnceWhenFewerThanWanted() {
        Fake swarm = new Fake(5, 5, true);
        assertThat(policy.choose(swarm, leecher, 50)).isEqualTo(10);
        assertThat(swarm.given).doesNotHaveDuplicates().hasSize(10);
    }

    @Test
    void variesWhichPeersItPicks() {
        Fake first = new Fake(1000, 0, false);
        Fake second = new Fake(1000, 0, false);
        policy.choose(first, leecher, 10);
        policy.choose(second, leecher, 10);
        assertThat(first.given).isNotEqualTo(second.given);
    }
}
