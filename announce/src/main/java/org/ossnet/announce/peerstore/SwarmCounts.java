package org.ossnet.announce.peerstore;

/**
 * What a scrape and every announce reply tell about a swarm.
 *
 * @param complete seeds, upload-off ones included
 * @param incomplete leechers, upload-off ones included
 * @param downloaded {@code completed} events seen since the tracker started
 */
public record SwarmCounts(int complete, int incomplete, long downloaded) {

    /** A swarm nobody has joined yet. */
    public static final SwarmCounts EMPTY = new SwarmCounts(0, 0, 0);

    /** Returned, by identity, when a new swarm or peer finds no room under the caps. */
    public static final SwarmCounts NO_ROOM = new SwarmCounts(0, 0, 0);
}
