package org.ossnet.announce.peerstore;

import org.ossnet.announce.peerhandoutpolicy.HandoutPolicy;
import org.ossnet.core.torrent.InfoHash;

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

    /** The swarm's counts, {@link SwarmCounts#EMPTY} if it has no peers. */
    SwarmCounts counts(InfoHash swarm);

    /** Removes every peer not seen for the expiry time, and swarms left empty; returns how many peers went. */
    int sweep();

    /** Swarms with at least one peer. */
    int swarms();

    /** Peers in all swarms. */
    long peers();
}
