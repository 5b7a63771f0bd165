package org.ossnet.core.announce;

import java.util.Objects;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/**
 * One announce (BEP 3): what a peer says about itself in one swarm. The agent builds it into a query, the tracker
 * parses a query into it.
 *
 * @param infoHash the swarm
 * @param peerId the peer's id, the one its handshakes carry
 * @param port the peer's listening port, 1–65535
 * @param uploaded bytes uploaded so far
 * @param downloaded bytes downloaded so far
 * @param left bytes still missing; 0 makes the peer a seed
 * @param event why this announce is sent
 * @param numwant how many peers it wants, or -1 for the tracker's default
 * @param compact whether it wants compact peer lists (BEP 23; the default)
 * @param noPeerId whether non-compact lists may omit {@code peer id}
 * @param uploadOff whether it uploads nothing ({@code ossnet_upload=0}): counted, never handed out
 */
public record AnnounceRequest(
        InfoHash infoHash,
        PeerId peerId,
        int port,
        long uploaded,
        long downloaded,
        long left,
        AnnounceEvent event,
        int numwant,
        boolean compact,
        boolean noPeerId,
        boolean uploadOff) {

    /** How many peers an agent asks for unless told otherwise, as mainstream clients do. */
    public static final int DEFAULT_NUMWANT = 50;

    public AnnounceRequest {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(event, "event");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (uploaded < 0 || downloaded < 0 || left < 0 || numwant < -1) {
            throw new IllegalArgumentException("byte counts must not be negative, numwant not below -1");
        }
    }
}
