package org.ossnet.announce.peerhandoutpolicy;

/** The two pools a swarm's hand-out candidates are kept in. */
public enum Pool {
    /** Peers with nothing left to download. */
    SEEDS,
    /** Peers still downloading. */
    LEECHERS
}
