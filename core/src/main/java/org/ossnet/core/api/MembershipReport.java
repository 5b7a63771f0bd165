package org.ossnet.core.api;

import java.util.List;

/**
 * What a regional tracker tells the master of its region's swarms ({@code POST /api/v1/regions/{name}/membership},
 * signed with the regional tracker's key), and, as {@link #swarms()} of the reply, what the master tells it of the
 * other regions' peers. docs/ARCHITECTURE.md, "Membership exchange", describes the protocol.
 *
 * @param region the reporting region (empty in a reply)
 * @param authorityVersion the version of the region authority the regional tracker holds (0 in a reply)
 * @param sequence strictly increasing per region across reports (milliseconds since the epoch when sent), so a
 *     replayed report is refused
 * @param swarms per swarm, a sample of its peers
 */
public record MembershipReport(String region, long authorityVersion, long sequence, List<SwarmMembers> swarms) {

    public MembershipReport {
        swarms = swarms == null ? List.of() : List.copyOf(swarms);
    }

    /**
     * A sample of one swarm's peers.
     *
     * @param infoHash the swarm, 40 hex digits
     * @param peers its peers
     */
    public record SwarmMembers(String infoHash, List<Member> peers) {

        public SwarmMembers {
            peers = peers == null ? List.of() : List.copyOf(peers);
        }
    }

    /**
     * One peer as it announced.
     *
     * @param peerId its peer id, 40 hex digits
     * @param address its address, an IPv4 or IPv6 literal
     * @param port its listening port
     * @param seed whether it has the whole file
     */
    public record Member(String peerId, String address, int port, boolean seed) {}
}
