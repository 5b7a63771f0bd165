package org.ossnet.announce.peerstore;

import java.util.List;
import java.util.function.Predicate;
import org.ossnet.announce.peerhandoutpolicy.HandoutPolicy;
import org.ossnet.announce.peerhandoutpolicy.Requester;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/** The swarm tables: which peers are in which swarm, as they last announced. */
public interface PeerStore {

    /**
     * Records an announce and hands out up to {@code numwant} other peers, chosen by {@code policy},
     * to {@code sink}, all under the swarm's lock.
     *
     * @return the swarm's counts after the announce, or {@link SwarmCounts#NO_ROOM} (by identity) when
     *     the swarm would be new and the store holds its most swarms already
     */
    SwarmCounts announce(InfoHash swarm, PeerAnnounce announce, int numwant, HandoutPolicy policy, PeerSink sink);

    /**
     * Hands out up to {@code wanted} peers of a swarm to {@code sink} as {@code policy} chooses for {@code requester},
     * without recording anyone, skipping peers whose address {@code excluded} accepts: what the master tells a
     * regional tracker of the peers outside its region.
     *
     * @return how many were handed out
     */
    int sample(
            InfoHash swarm,
            Requester requester,
            int wanted,
            HandoutPolicy policy,
            Predicate<byte[]> excluded,
            PeerSink sink);

    /**
     * Calls {@code visitor} with every swarm that has peers, and those of its peers that may be handed out (upload-off
     * peers are not, so the list may be empty: a swarm of downloaders only still needs peers from elsewhere), one swarm
     * at a time under its lock: O(peers), for a regional tracker's periodic report, never for the announce path.
     */
    void forEachSwarm(SwarmVisitor visitor);

    /** Sees one swarm's peers; the address arrays must not be kept or modified. */
    @FunctionalInterface
    interface SwarmVisitor {
        void visit(InfoHash swarm, List<PeerView> peers);
    }

    /** A peer as the store holds it. */
    record PeerView(PeerId id, byte[] address, int port, boolean seed) {}

    /** The swarm's counts, {@link SwarmCounts#EMPTY} if it has no peers. */
    SwarmCounts counts(InfoHash swarm);

    /** Removes every peer not seen for the expiry time, and swarms left empty; returns how many peers went. */
    int sweep();

    /** Swarms with at least one peer. */
    int swarms();

    /** Peers in all swarms. */
    long peers();
}
