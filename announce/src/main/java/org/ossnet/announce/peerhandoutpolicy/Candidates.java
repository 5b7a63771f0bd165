package org.ossnet.announce.peerhandoutpolicy;

/**
 * The peers of one swarm that may be handed out, by pool and index, seen under the swarm's lock.
 * Peers that announced upload off are never among them.
 */
public interface Candidates {

    /** How many peers the pool holds; indexes run from 0 to this, exclusive. */
    int count(Pool pool);

    /**
     * Where the pool's second group starts: a store may keep a pool in two groups (IPv4 peers, then IPv6 ones), and a
     * policy that looks at a bounded run of the pool should take a run of each, or a run of the first would rarely
     * see the second. By default the pool is one group.
     */
    default int split(Pool pool) {
        return count(pool);
    }

    /** Whether the peer at {@code index} is the requester itself, which is never handed out. */
    boolean isRequester(Pool pool, int index);

    /** The peer's address, 4 or 16 bytes, for region and cost rules: do not keep or modify it (it may be a buffer). */
    byte[] address(Pool pool, int index);

    /** Adds the peer at {@code index} to the reply. */
    void handOut(Pool pool, int index);

    /**
     * Adds the {@code length} peers from {@code index} on (none of them the requester, all below {@link #count}) to
     * the reply, in that order: a store that keeps them side by side copies the run at once.
     */
    default void handOut(Pool pool, int index, int length) {
        for (int i = index; i < index + length; i++) {
            handOut(pool, i);
        }
    }
}
