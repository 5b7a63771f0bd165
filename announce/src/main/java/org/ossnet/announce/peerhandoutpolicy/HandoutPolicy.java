package org.ossnet.announce.peerhandoutpolicy;

/** Chooses which peers of a swarm an announcing peer is given. */
public interface HandoutPolicy {

    /**
     * Hands out at most {@code wanted} distinct candidates, never the requester itself.
     *
     * @return how many were handed out
     */
    int choose(Candidates candidates, Requester requester, int wanted);
}
