package org.ossnet.agent.announce;

import java.util.Objects;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/**
 * What one announce tells the tracker about this peer in one swarm.
 *
 * @param infoHash the swarm
 * @param peerId this agent's peer id, the one its handshakes carry
 * @param port the port this agent's {@code PeerListener} accepts on
 * @param uploaded block bytes sent so far
 * @param downloaded block bytes received so far
 * @param left bytes still missing; 0 for a seed
 * @param event why this announce is sent
 * @param numwant how many peers to ask for
 * @param uploadEnabled whether this peer uploads; when not, {@code ossnet_upload=0} keeps the tracker from handing
 *     it out to anyone
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
        boolean uploadEnabled) {

    /** How many peers an agent asks for unless told otherwise, as mainstream clients do. */
    public static final int DEFAULT_NUMWANT = 50;

    public AnnounceRequest {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(event, "event");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (uploaded < 0 || downloaded < 0 || left < 0 || numwant < 0) {
            throw new IllegalArgumentException("byte counts and numwant must not be negative");
        }
    }
}
