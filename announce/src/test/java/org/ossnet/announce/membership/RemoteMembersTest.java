package org.ossnet.announce.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ossnet.announce.peerhandoutpolicy.DefaultHandoutPolicy;
import org.ossnet.announce.peerhandoutpolicy.Requester;
import org.ossnet.announce.peerstore.InMemoryPeerStore;
import org.ossnet.announce.peerstore.PeerStore.PeerView;
import org.ossnet.core.api.MembershipReport.Member;
import org.ossnet.core.api.MembershipReport.SwarmMembers;
import org.ossnet.core.net.Cidr;
import org.ossnet.core.torrent.InfoHash;

class RemoteMembersTest {

    static final InfoHash SWARM = InfoHash.fromHex("ab".repeat(20));
    static final Cidr EU = Cidr.parse("127.1.0.0/16");

    final InMemoryPeerStore store = new InMemoryPeerStore(10, 100, Duration.ofMinutes(10), System::currentTimeMillis);
    final RemoteMembers remote = new RemoteMembers(store);

    static Member member(int n, String address, boolean seed) {
        return new Member(String.format("%040x", n), address, 6000 + n, seed);
    }

    @Test
    void keepsEachSourcesLatestListInTheStoreAndSamplesAroundAnExcludedRegion() {
        Map<InfoHash, List<PeerView>> first = Membership.read(
                List.of(new SwarmMembers(
                        SWARM.toHex(), List.of(member(1, "127.1.0.1", true), member(2, "127.1.0.2", false)))),
                EU::contains);
        assertThat(remote.apply("eu", first, swarm -> true)).isEqualTo(2);
        remote.apply(
                "master",
                Membership.read(
                        List.of(new SwarmMembers(SWARM.toHex(), List.of(member(3, "127.2.0.3", true)))), a -> true),
                swarm -> true);
        assertThat(store.counts(SWARM).complete()).isEqualTo(2);
        assertThat(store.counts(SWARM).incomplete()).isEqualTo(1);

        List<String> outsideEu = new ArrayList<>();
        store.sample(
                SWARM,
                new Requester(new byte[] {127, 1, 0, 9}, false),
                10,
                new DefaultHandoutPolicy(),
                EU::contains,
                (address, port, id) -> outsideEu.add((address[1]) + ":" + port));
        assertThat(outsideEu).containsExactly("2:6003");

        // The region's next list no longer names peer 2: it leaves the store; peer 1 stays.
        remote.apply(
                "eu",
                Membership.read(
                        List.of(new SwarmMembers(SWARM.toHex(), List.of(member(1, "127.1.0.1", true)))), EU::contains),
                swarm -> true);
        assertThat(store.counts(SWARM).incomplete()).isZero();
        assertThat(store.counts(SWARM).complete()).isEqualTo(2);

        List<InfoHash> seen = new ArrayList<>();
        store.forEachSwarm((swarm, peers) -> {
            seen.add(swarm);
            assertThat(peers).hasSize(2);
        });
        assertThat(seen).containsExactly(SWARM);
    }

    @Test
    void visitsASwarmOfDownloadersWithUploadOffWithNoPeersToHandOut() {
        store.announce(
                SWARM,
                new org.ossnet.announce.peerstore.PeerAnnounce(
                        org.ossnet.core.torrent.PeerId.of(new byte[20]),
                        new byte[] {127, 1, 0, 9},
                        6881,
                        100,
                        org.ossnet.core.announce.AnnounceEvent.STARTED,
                        true),
                0,
                new DefaultHandoutPolicy(),
                (address, port, id) -> {});
        List<Integer> sizes = new ArrayList<>();
        store.forEachSwarm((swarm, peers) -> sizes.add(peers.size()));
        assertThat(sizes).containsExactly(0);
    }

    @Test
    void keepsASilentSourcesLastPeersPastTheStoresExpiryWhenRefreshed() {
        long[] now = {0};
        InMemoryPeerStore expiring = new InMemoryPeerStore(10, 100, Duration.ofSeconds(10), () -> now[0]);
        RemoteMembers members = new RemoteMembers(expiring);
        members.apply(
                "master",
                Membership.read(
                        List.of(new SwarmMembers(SWARM.toHex(), List.of(member(7, "127.2.0.7", true)))), a -> true),
                swarm -> true);
        now[0] = 8_000;
        assertThat(members.refresh("master")).isEqualTo(1);
        now[0] = 16_000;
        expiring.sweep();
        assertThat(expiring.counts(SWARM).complete())
                .as("refreshed at 8 s, so alive at 16 s")
                .isEqualTo(1);
        now[0] = 30_000;
        expiring.sweep();
        assertThat(expiring.counts(SWARM).complete())
                .as("not refreshed since: expired")
                .isZero();
    }

    @Test
    void leavesOutSwarmsItDoesNotTrack() {
        remote.apply(
                "eu",
                Membership.read(
                        List.of(new SwarmMembers(SWARM.toHex(), List.of(member(1, "127.1.0.1", true)))), EU::contains),
                swarm -> false);
        assertThat(store.peers()).isZero();
    }

    @Test
    void refusesAReportNamingTheMemberAtFault() {
        assertRefused(new SwarmMembers("AB".repeat(20), List.of()), "swarms[0].infoHash");
        assertRefused(
                new SwarmMembers(SWARM.toHex(), List.of(member(1, "127.2.0.1", true))), "swarms[0].peers[0].address");
        assertRefused(
                new SwarmMembers(SWARM.toHex(), List.of(member(1, "example.org", true))), "swarms[0].peers[0].address");
        assertRefused(
                new SwarmMembers(SWARM.toHex(), List.of(new Member("zz", "127.1.0.1", 1, true))),
                "swarms[0].peers[0].peerId");
        assertRefused(
                new SwarmMembers(SWARM.toHex(), List.of(new Member("00".repeat(20), "127.1.0.1", 0, true))),
                "swarms[0].peers[0].port");
        List<Member> many = new ArrayList<>();
        for (int i = 0; i <= Membership.MAX_PEERS; i++) {
            many.add(member(i, "127.1.0.1", true));
        }
        assertRefused(new SwarmMembers(SWARM.toHex(), many), "swarms[0].peers");
    }

    static void assertRefused(SwarmMembers swarm, String field) {
        assertThatThrownBy(() -> Membership.read(List.of(swarm), EU::contains))
                .isInstanceOfSatisfying(
                        Membership.InvalidMembershipException.class,
                        e -> assertThat(e.field()).isEqualTo(field));
    }
}
