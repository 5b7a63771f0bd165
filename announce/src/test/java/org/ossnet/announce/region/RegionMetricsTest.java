package org.ossnet.announce.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.announce.peerhandoutpolicy.Pool.LEECHERS;
import static org.ossnet.announce.peerhandoutpolicy.Pool.SEEDS;
import static org.ossnet.announce.region.RegionFixtures.EU_WEST;
import static org.ossnet.announce.region.RegionFixtures.US_EAST;
import static org.ossnet.announce.region.RegionFixtures.address;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.ossnet.announce.peerhandoutpolicy.DefaultHandoutPolicy;
import org.ossnet.announce.peerhandoutpolicy.Requester;
import org.ossnet.announce.peerstore.InMemoryPeerStore;
import org.ossnet.announce.peerstore.PeerAnnounce;
import org.ossnet.announce.region.RegionFixtures.Swarm;
import org.ossnet.core.announce.AnnounceEvent;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

class RegionMetricsTest {

    final RegionMap regions = RegionFixtures.regions();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    double counter(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    double peers(String region) {
        return registry.get("ossnet.announce.region.peers")
                .tag("region", region)
                .gauge()
                .value();
    }

    @Test
    void countsAnnouncesAndHandOutsByTheRequestersRegionAndWhetherTheyCross() {
        RegionMetrics metrics = new RegionMetrics(registry, regions);
        RegionHandoutPolicy policy = new RegionHandoutPolicy(
                RegionFixtures.costs(regions), RegionHandoutConfig.DEFAULTS, metrics, new Random(1));
        Swarm swarm =
                new Swarm().add(SEEDS, EU_WEST, 3).add(LEECHERS, EU_WEST, 100).add(SEEDS, US_EAST, 50);
        policy.announced(address(EU_WEST, 9999));
        policy.choose(swarm, new Requester(address(EU_WEST, 9999), false), 40);
        policy.announced(address(-1, 1));
        policy.choose(new Swarm().add(SEEDS, EU_WEST, 5), new Requester(address(-1, 1), false), 40);
        // An announce that asks for no peers counts; a sample that is no announce (the membership exchange) does not.
        policy.announced(address(EU_WEST, 1));
        policy.choose(swarm, new Requester(address(EU_WEST, 2), false), 0);

        assertThat(counter("ossnet.announce.region.announces", "region", "eu-west"))
                .isEqualTo(2);
        assertThat(counter("ossnet.announce.region.announces", "region", "none"))
                .isEqualTo(1);
        assertThat(counter("ossnet.announce.region.announces", "region", "us-east"))
                .isZero();
        assertThat(counter("ossnet.announce.region.handouts", "region", "eu-west", "cross", "false"))
                .isEqualTo(30);
        assertThat(counter("ossnet.announce.region.handouts", "region", "eu-west", "cross", "true"))
                .isEqualTo(10);
        assertThat(counter("ossnet.announce.region.handouts", "region", "none", "cross", "true"))
                .isEqualTo(5);
        assertThat(counter("ossnet.announce.region.handouts", "region", "none", "cross", "false"))
                .isZero();
        assertThat(registry.find("ossnet.announce.region.peers").gauge()).isNull();
    }

    @Test
    void countsPeersByTheirRegionOnReadAtMostOnceASecond() throws Exception {
        AtomicLong nanos = new AtomicLong();
        InMemoryPeerStore store = new InMemoryPeerStore(10, 100, Duration.ofMinutes(30), () -> 0);
        new RegionMetrics(registry, regions, store, nanos::get);
        InfoHash first = InfoHash.of(new byte[20]);
        InfoHash second = InfoHash.of(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        announce(store, first, 1, address(EU_WEST, 1), 0, false);
        announce(store, first, 2, address(EU_WEST, 2), 100, false);
        announce(store, second, 3, InetAddress.getByName("2001:db8:1::5").getAddress(), 100, false);
        announce(store, first, 4, address(US_EAST, 1), 100, false);
        announce(store, second, 5, address(-1, 1), 0, false);
        announce(store, first, 6, address(EU_WEST, 6), 100, true);

        assertThat(peers("eu-west")).isEqualTo(3);
        assertThat(peers("us-east")).isEqualTo(1);
        assertThat(peers("eu-east")).isZero();
        assertThat(peers("none")).isEqualTo(1);

        announce(store, first, 7, address(EU_WEST, 7), 100, false);
        nanos.addAndGet(RegionMetrics.PEER_COUNT_TTL_NANOS - 1);
        assertThat(peers("eu-west")).isEqualTo(3);
        nanos.addAndGet(1);
        assertThat(peers("eu-west")).isEqualTo(4);
    }

    private static void announce(
            InMemoryPeerStore store, InfoHash swarm, int n, byte[] address, long left, boolean uploadOff) {
        byte[] id = new byte[20];
        id[0] = (byte) n;
        PeerAnnounce announce =
                new PeerAnnounce(PeerId.wrap(id), address, 6881, left, AnnounceEvent.STARTED, uploadOff);
        store.announce(swarm, announce, 0, new DefaultHandoutPolicy(), (a, p, i) -> {});
    }
}
