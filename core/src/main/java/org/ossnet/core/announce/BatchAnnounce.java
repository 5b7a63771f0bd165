package org.ossnet.core.announce;

import java.util.List;
import java.util.Objects;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/**
 * One {@code POST /announce/batch}: a peer announcing many swarms at once; {@link BatchAnnounceCodec} is its wire
 * form.
 *
 * @param peerId the peer's id
 * @param port its listening port, 1–65535
 * @param numwant peers wanted per swarm, or -1 for the tracker's default (then not sent)
 * @param uploadOff whether it uploads nothing ({@code upload} 0): counted, never handed out
 * @param entries the swarms, at least one; the reply keeps their order
 */
public record BatchAnnounce(PeerId peerId, int port, int numwant, boolean uploadOff, List<Entry> entries) {

    /**
     * One swarm of the batch.
     *
     * @param infoHash the swarm
     * @param event why it is announced
     * @param uploaded bytes uploaded so far
     * @param downloaded bytes downloaded so far
     * @param left bytes still missing; 0 for a seed
     */
    public record Entry(InfoHash infoHash, AnnounceEvent event, long uploaded, long downloaded, long left) {
        public Entry {
            Objects.requireNonNull(infoHash, "infoHash");
            Objects.requireNonNull(event, "event");
            if (uploaded < 0 || downloaded < 0 || left < 0) {
                throw new IllegalArgumentException("byte counts must not be negative");
            }
        }
    }

    public BatchAnnounce {
        Objects.requireNonNull(peerId, "peerId");
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a batch announces at least one swarm");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (numwant < -1) {
            throw new IllegalArgumentException("numwant must not be below -1");
        }
    }
}
