package org.ossnet.announce.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.announce.peerhandoutpolicy.Pool.LEECHERS;
import static org.ossnet.announce.peerhandoutpolicy.Pool.SEEDS;
import static org.ossnet.announce.region.RegionFixtures.EU_EAST;
import static org.ossnet.announce.region.RegionFixtures.EU_WEST;
import static org.ossnet.announce.region.RegionFixtures.US_EAST;
import static org.ossnet.announce.region.RegionFixtures.address;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ossnet.announce.peerhandoutpolicy.Requester;
import org.ossnet.announce.peerstore.InMemoryPeerStore;
import org.ossnet.announce.peerstore.PeerAnnounce;
import org.ossnet.announce.peerstore.PeerSink;
import org.ossnet.announce.region.RegionFixtures.Swarm;
import org.ossnet.core.announce.AnnounceEvent;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

class RegionHandoutPolicyTest {

    final RegionMap regions = RegionFixtures.regions();
    final Requester westLeecher = new Requester(address(EU_WEST, 9999), false);
    final Requester westSeed = new Requester(address(EU_WEST, 9998), true);

    RegionHandoutPolicy policy(RegionHandoutConfig config) {
        return policy(RegionFixtures.costs(regions), config);
    }

    RegionHandoutPolicy policy(RegionCosts costs, RegionHandoutConfig config) {
        return new RegionHandoutPolicy(
                costs, config, new RegionMetrics(new SimpleMeterRegistry(), regions), new Random(7));
    }

    final RegionHandoutPolicy policy = policy(RegionHandoutConfig.DEFAULTS);

    @Test
    void givesALeecherItsOwnRegionFirstWithSeedsForThreeQuarters() {
        Swarm swarm = new Swarm().add(SEEDS, EU_WEST, 40).add(LEECHERS, EU_WEST, 40);
        swarm.add(SEEDS, EU_EAST, 100).add(LEECHERS, US_EAST, 100);
        assertThat(policy.choose(swarm, westLeecher, 40)).isEqualTo(40);
        assertThat(swarm.given(SEEDS, EU_WEST, regions)).isEqualTo(30);
        assertThat(swarm.given(LEECHERS, EU_WEST, regions)).isEqualTo(10);
    }

    @Test
    void fillsFromOtherRegionsByAscendingCost() {
        // eu-east costs 1 into eu-west, us-east 10; four local seeds keep the guard off.
        Swarm swarm = new Swarm().add(SEEDS, EU_WEST, 4).add(LEECHERS, EU_WEST, 6);
        swarm.add(SEEDS, US_EAST, 100)
                .add(LEECHERS, US_EAST, 100)
                .add(SEEDS, EU_EAST, 8)
                .add(LEECHERS, EU_EAST, 7);
        assertThat(policy.choose(swarm, westLeecher, 30)).isEqualTo(30);
        assertThat(swarm.given(SEEDS, EU_WEST, regions) + swarm.given(LEECHERS, EU_WEST, regions))
                .isEqualTo(10);
        assertThat(swarm.given(SEEDS, EU_EAST, regions)).isEqualTo(8);
        assertThat(swarm.given(LEECHERS, EU_EAST, regions)).isEqualTo(7);
        assertThat(swarm.given(SEEDS, US_EAST, regions)).isEqualTo(4);
        assertThat(swarm.given(LEECHERS, US_EAST, regions)).isEqualTo(1);
    }

    @Test
    void ranksByTheCostOfBytesTowardsALeecherAndAwayFromASeed() {
        // Into eu-west, us-east is cheaper than eu-east; out of eu-west, eu-east is cheaper than us-east.
        RegionCosts costs = new RegionCosts(
                regions,
                10,
                List.of(new RegionCosts.Cost("us-east", "eu-west", 2), new RegionCosts.Cost("eu-west", "eu-east", 2)));
        RegionHandoutPolicy policy = policy(costs, RegionHandoutConfig.DEFAULTS);
        Swarm forLeecher = new Swarm().add(LEECHERS, EU_EAST, 50).add(LEECHERS, US_EAST, 50);
        policy.choose(forLeecher, westLeecher, 20);
        assertThat(forLeecher.given(LEECHERS, US_EAST, regions)).isEqualTo(20);

        Swarm forSeed = new Swarm().add(LEECHERS, EU_EAST, 50).add(LEECHERS, US_EAST, 50);
        policy.choose(forSeed, westSeed, 20);
        assertThat(forSeed.given(LEECHERS, EU_EAST, regions)).isEqualTo(20);
    }

    @Test
    void guardsARegionWithTooFewSeedsWithAShareOfOutsideSeedsCheapestFirst() {
        Swarm swarm = new Swarm().add(SEEDS, EU_WEST, 3).add(LEECHERS, EU_WEST, 100);
        swarm.add(SEEDS, US_EAST, 50).add(SEEDS, EU_EAST, 6);
        assertThat(policy.choose(swarm, westLeecher, 40)).isEqualTo(40);
        // A quarter of 40 from outside, eu-east's six before us-east; then the region: 3 seeds, 27 leechers.
        assertThat(swarm.given(SEEDS, EU_EAST, regions)).isEqualTo(6);
        assertThat(swarm.given(SEEDS, US_EAST, regions)).isEqualTo(4);
        assertThat(swarm.given(SEEDS, EU_WEST, regions)).isEqualTo(3);
        assertThat(swarm.given(LEECHERS, EU_WEST, regions)).isEqualTo(27);
    }

    @Test
    void leavesTheGuardOffWhenTheRegionHasEnoughSeeds() {
        Swarm swarm = new Swarm().add(SEEDS, EU_WEST, 4).add(LEECHERS, EU_WEST, 100);
        swarm.add(SEEDS, US_EAST, 50).add(SEEDS, EU_EAST, 6);
        assertThat(policy.choose(swarm, westLeecher, 40)).isEqualTo(40);
        assertThat(swarm.given(SEEDS, EU_WEST, regions)).isEqualTo(4);
        assertThat(swarm.given(LEECHERS, EU_WEST, regions)).isEqualTo(36);
    }

    @Test
    void withoutTheGuardARegionOfLeechersNeverHearsOfADistantSeed() {
        // The failure the guard exists for: a whole continent of leechers and the origin across an ocean.
        RegionHandoutPolicy unguarded = policy(new RegionHandoutConfig(0, 0.25, 256, 8));
        Swarm swarm = new Swarm()
                .add(LEECHERS, EU_WEST, 30)
                .add(LEECHERS, EU_EAST, 30)
                .add(SEEDS, US_EAST, 1);
        unguarded.choose(swarm, westLeecher, 50);
        assertThat(swarm.given(SEEDS, US_EAST, regions)).isZero();

        Swarm same = new Swarm()
                .add(LEECHERS, EU_WEST, 30)
                .add(LEECHERS, EU_EAST, 30)
                .add(SEEDS, US_EAST, 1);
        policy.choose(same, westLeecher, 50);
        assertThat(same.given(SEEDS, US_EAST, regions)).isEqualTo(1);
        assertThat(same.given).hasSize(50);
    }

    @Test
    void neverHandsOutTheRequesterNorAnyoneTwice() {
        Swarm swarm = new Swarm().add(SEEDS, EU_WEST, 2).add(LEECHERS, EU_WEST, 3);
        swarm.add(SEEDS, US_EAST, 3).add(LEECHERS, EU_EAST, 4).add(LEECHERS, -1, 2);
        swarm.withRequester(LEECHERS, westLeecher.address());
        assertThat(policy.choose(swarm, westLeecher, 50)).isEqualTo(14);
        assertThat(swarm.given).hasSize(14).doesNotHaveDuplicates().doesNotContain(westLeecher.address());

        Swarm alone = new Swarm().withRequester(SEEDS, westSeed.address());
        assertThat(policy.choose(alone, westSeed, 10)).isZero();
    }

    @Test
    void scansABoundedWindowOfAHugePool() {
        Swarm swarm = new Swarm().add(SEEDS, US_EAST, 100_000).add(LEECHERS, EU_EAST, 100_000);
        assertThat(policy.choose(swarm, westLeecher, 50)).isEqualTo(50);
        assertThat(swarm.addressReads).isEqualTo(2 * 400);

        Swarm small = new Swarm().add(SEEDS, US_EAST, 100_000).add(LEECHERS, EU_EAST, 100_000);
        policy.choose(small, westLeecher, 5);
        assertThat(small.addressReads).isEqualTo(2 * 256);
    }

    @Test
    void findsTheOwnRegionInsideTheWindowOnly() {
        // 1 in 100 of the pool is local; a window of 400 holds 4 of them, not all 1,000.
        Swarm swarm = new Swarm();
        for (int i = 0; i < 1_000; i++) {
            swarm.add(LEECHERS, US_EAST, 99).add(LEECHERS, EU_WEST, 1);
        }
        policy.choose(swarm, westLeecher, 50);
        assertThat(swarm.given(LEECHERS, EU_WEST, regions)).isEqualTo(4);
    }

    @Test
    void findsARegionOnIpv6InAStoreWhosePoolsKeepIpv6PeersAfterIpv4Ones() {
        // 200 eu-west peers on IPv6 behind 20,000 us-east ones on IPv4: a window of 400 as one run would see them
        // only from a start near the end; a run of each group gives them their share, 4 of 400.
        InMemoryPeerStore store = new InMemoryPeerStore(1, 50_000, Duration.ofHours(1), () -> 0);
        InfoHash swarm = InfoHash.of(new byte[20]);
        PeerSink none = (address, port, id) -> {};
        for (int n = 0; n < 20_000; n++) {
            store.announce(swarm, announce(n, address(US_EAST, n)), 0, policy, none);
        }
        for (int n = 0; n < 200; n++) {
            store.announce(swarm, announce(20_000 + n, westIpv6(n)), 0, policy, none);
        }
        List<byte[]> given = new ArrayList<>();
        store.announce(
                swarm, announce(30_000, westIpv6(9999)), 50, policy, (address, port, id) -> given.add(address.clone()));
        assertThat(given).hasSize(50);
        assertThat(given.stream().filter(a -> regions.regionOf(a) == EU_WEST).count())
                .isGreaterThanOrEqualTo(3);
    }

    static PeerAnnounce announce(int n, byte[] address) {
        byte[] id = new byte[20];
        id[0] = (byte) (n >> 16);
        id[1] = (byte) (n >> 8);
        id[2] = (byte) n;
        return new PeerAnnounce(PeerId.wrap(id), address, 6881, 100, AnnounceEvent.STARTED, false);
    }

    static byte[] westIpv6(int n) {
        byte[] address = new byte[16];
        address[0] = 0x20;
        address[1] = 0x01;
        address[2] = 0x0d;
        address[3] = (byte) 0xb8;
        address[5] = 1;
        address[14] = (byte) (n >> 8);
        address[15] = (byte) n;
        return address;
    }

    @Test
    void givesASeedItsOwnRegionsLeechersFirstThenOthersThenSeeds() {
        Swarm swarm = new Swarm()
                .add(LEECHERS, EU_WEST, 10)
                .add(LEECHERS, US_EAST, 100)
                .add(LEECHERS, EU_EAST, 5);
        swarm.add(SEEDS, EU_WEST, 100);
        assertThat(policy.choose(swarm, westSeed, 30)).isEqualTo(30);
        assertThat(swarm.given(LEECHERS, EU_WEST, regions)).isEqualTo(10);
        assertThat(swarm.given(LEECHERS, EU_EAST, regions)).isEqualTo(5);
        assertThat(swarm.given(LEECHERS, US_EAST, regions)).isEqualTo(15);

        Swarm fewLeechers =
                new Swarm().add(LEECHERS, US_EAST, 5).add(SEEDS, US_EAST, 50).add(SEEDS, EU_WEST, 10);
        assertThat(policy.choose(fewLeechers, westSeed, 30)).isEqualTo(30);
        assertThat(fewLeechers.given(LEECHERS, US_EAST, regions)).isEqualTo(5);
        assertThat(fewLeechers.given(SEEDS, EU_WEST, regions)).isEqualTo(10);
        assertThat(fewLeechers.given(SEEDS, US_EAST, regions)).isEqualTo(15);
    }

    @Test
    void treatsARequesterInNoRegionAsFarFromEveryone() {
        Requester nowhere = new Requester(address(-1, 1), false);
        Swarm swarm = new Swarm().add(SEEDS, EU_WEST, 100).add(LEECHERS, US_EAST, 100);
        assertThat(policy.choose(swarm, nowhere, 40)).isEqualTo(40);
        assertThat(swarm.given(SEEDS, EU_WEST, regions)).isEqualTo(30);
        assertThat(swarm.given(LEECHERS, US_EAST, regions)).isEqualTo(10);
    }

    @Test
    void variesWhichPeersOfARankItPicks() {
        Swarm first = new Swarm().add(SEEDS, EU_WEST, 1_000);
        Swarm second = new Swarm().add(SEEDS, EU_WEST, 1_000);
        policy.choose(first, westLeecher, 10);
        policy.choose(second, westLeecher, 10);
        assertThat(first.given).isNotEqualTo(second.given);
    }

    @Test
    void refusesMetricsOfAnotherRegionMap() {
        assertThatThrownBy(() -> new RegionHandoutPolicy(
                        RegionFixtures.costs(regions),
                        RegionHandoutConfig.DEFAULTS,
                        new RegionMetrics(new SimpleMeterRegistry(), RegionFixtures.regions())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void validatesItsConfig() {
        assertThatThrownBy(() -> new RegionHandoutConfig(-1, 0.25, 256, 8))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RegionHandoutConfig(4, 0, 256, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RegionHandoutConfig(4, 1.5, 256, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RegionHandoutConfig(4, 0.25, 0, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThat(RegionHandoutConfig.DEFAULTS.outsideSeeds(1)).isEqualTo(1);
        assertThat(RegionHandoutConfig.DEFAULTS.outsideSeeds(50)).isEqualTo(13);
        assertThat(RegionHandoutConfig.DEFAULTS.window(100_000, 50)).isEqualTo(400);
        assertThat(RegionHandoutConfig.DEFAULTS.window(100, 50)).isEqualTo(100);
    }
}
