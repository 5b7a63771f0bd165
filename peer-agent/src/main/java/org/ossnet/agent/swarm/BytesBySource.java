package org.ossnet.agent.swarm;

/**
 * The bytes of one file's verified pieces, by where they came from, for its download event. Only pieces verified in
 * this session count: pieces an earlier run verified (a resume) count for no source, so the three may add up to less
 * than the file's size, never to more.
 *
 * @param peers bytes of verified pieces whose blocks came from BitTorrent peers
 * @param mirrors bytes from web seeds other than the origin: HTTP mirrors
 * @param origin bytes from the origin's web seed, the publisher's own HTTP server
 */
public record BytesBySource(long peers, long mirrors, long origin) {

    /** Nothing received. */
    public static final BytesBySource NONE = new BytesBySource(0, 0, 0);

    /** All three together. */
    public long total() {
        return peers + mirrors + origin;
    }
}
