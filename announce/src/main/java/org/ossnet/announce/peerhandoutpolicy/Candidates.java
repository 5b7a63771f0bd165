package org.ossnet.announce.peerhandoutpolicy;

/**
 * The peers of one swarm that may be handed out, by pool and index, seen under the swarm's lock.
 * Peers that announced upload off are never among them.
 */
public interface Candidates {

    /** How many peers the pool holds; indexes run from 0 to this, exclusive. */
    int count(Pool pool);

    /** Whether the peer at {@code index} is the requester itself, which is never handed out. */
    boolean isRequester(Pool pool, int index);

    /** The peer's address, 4 or 16 bytes (do not modify), for region and cost rules. */
    byte[] address(Pool pool, int index);

    /** Adds the peer at {@code index} to the reply. */
    void handOut(Pool pool, int index);
}
