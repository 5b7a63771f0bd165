package org.ossnet.announce.protocol;

import org.ossnet.core.torrent.InfoHash;

/**
 * One decoded announce: what a peer says about itself in one swarm.
 *
 * @param infoHash the swarm
 * @param peerId the peer's 20-byte id (owned by this record; never modified)
 * @param port the peer's listening port, 1–65535
 * @param uploaded bytes uploaded so far
 * @param downloaded bytes downloaded so far
 * @param left bytes still missing; 0 makes the peer a seed
 * @param event the event
 * @param numwant how many peers it wants, or -1 for the tracker's default
 * @param compact whether it wants compact peer lists (BEP 23; the default)
 * @param noPeerId whether non-compact lists may omit {@code peer id}
 * @param uploadOff whether it announced {@code ossnet_upload=0}: counted, never handed out
 */
public record AnnounceRequest(
        InfoHash infoHash,
        byte[] peerId,
        int port,
        long uploaded,
        long downloaded,
        long left,
        Event event,
        int numwant,
        boolean compact,
        boolean noPeerId,
        boolean uploadOff) {}
