package org.ossnet.agent.announce;

import java.util.List;
import java.util.Objects;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BList;
import org.ossnet.core.bencode.BString;
import org.ossnet.core.bencode.BValue;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/**
 * One {@code POST /announce/batch}: this peer announcing many swarms at once (docs/API.md).
 *
 * @param peerId this agent's peer id
 * @param port the port its {@code PeerListener} accepts on
 * @param numwant peers wanted per swarm
 * @param uploadEnabled whether this peer uploads; {@code upload=0} keeps the tracker from handing it out
 * @param entries the swarms, at least one; the reply keeps their order
 */
public record BatchAnnounce(PeerId peerId, int port, int numwant, boolean uploadEnabled, List<Entry> entries) {

    /**
     * One swarm of the batch.
     *
     * @param infoHash the swarm
     * @param event why it is announced
     * @param uploaded block bytes sent so far
     * @param downloaded block bytes received so far
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
        if (numwant < 0) {
            throw new IllegalArgumentException("numwant must not be negative");
        }
    }

    /**
     * The bencoded body, e.g. {@code d9:announcesld10:downloadedi0e5:event7:started9:info_hash40:<hex>4:lefti0e
     * 8:uploadedi0eee7:numwanti50e7:peer_id20:<bytes>4:porti6881e6:uploadi1ee}; the periodic re-announce has no
     * {@code event}.
     */
    byte[] encode() {
        BValue[] announces = new BValue[entries.size()];
        for (int i = 0; i < announces.length; i++) {
            Entry entry = entries.get(i);
            BDictionary.Builder one = BDictionary.builder()
                    .put("downloaded", entry.downloaded())
                    .put("info_hash", entry.infoHash().toHex())
                    .put("left", entry.left())
                    .put("uploaded", entry.uploaded());
            if (entry.event() != AnnounceEvent.NONE) {
                one.put("event", entry.event().wire());
            }
            announces[i] = one.build();
        }
        return Bencode.encode(BDictionary.builder()
                .put("announces", BList.of(announces))
                .put("numwant", numwant)
                .put("peer_id", BString.of(peerId.bytes()))
                .put("port", port)
                .put("upload", uploadEnabled ? 1 : 0)
                .build());
    }
}
