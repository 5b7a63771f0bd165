package org.ossnet.announce.peerhandoutpolicy;

/** Chooses which peers of a swarm an announcing peer is given. */
public interface HandoutPolicy {

    /**
     * Hands out at most {@code wanted} distinct candidates, never the requester itself.
     *
     * @return how many were handed out
     */
    int choose(Candidates candidates, Requester requester, int wanted);

    /**
     * Hears of every announce the store takes, from the peer at {@code address}, whether it asks for peers or not;
     * {@link #choose} is called for hand-outs only, and also for samples that are no announce (the membership
     * exchange). For policies that count announces; nothing by default.
     */
    default void announced(byte[] address) {}
}
