package org.ossnet.announce;

import org.ossnet.core.torrent.InfoHash;

/**
 * Says which swarms this tracker tracks: those of published files. Asked on every announce, so an
 * implementation answers from memory.
 */
public interface SwarmRegistry {

    /** Whether {@code infoHash} names a swarm this tracker may track for the public. */
    boolean isKnown(InfoHash infoHash);
}
