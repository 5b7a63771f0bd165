package org.ossnet.agent.swarm;

import java.net.Inet4Address;
import java.util.BitSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ossnet.agent.storage.PieceStore;
import org.ossnet.agent.wire.AllowedFastSet;
import org.ossnet.agent.wire.PeerMessage;

/**
 * The allowed-fast half of BEP 6 for one torrent: the pieces we let each peer request while we choke it (its canonical
 * set, offered only for pieces we have and only to peers we may upload to), and the pieces each peer lets us request
 * while it chokes us. Have-all, have-none and reject-request are sent where the messages arise.
 */
final class FastExtension {

    /** How many allowed-fast pieces a peer is offered; libtorrent offers 5, BEP 6 suggests 10. */
    static final int ALLOWED_FAST_COUNT = 10;

    private final PieceStore store;
    private final Map<PeerConnection, Set<Integer>> granted = new ConcurrentHashMap<>();
    private final Map<PeerConnection, BitSet> offered = new ConcurrentHashMap<>();

    FastExtension(PieceStore store) {
        this.store = store;
    }

    /** Right after the have message: offers {@code c} its allowed-fast pieces among those we have. */
    void connected(PeerConnection c, boolean mayUpload) {
        if (!c.supportsFast() || !mayUpload || !(c.remote.getAddress() instanceof Inet4Address v4)) {
            return;
        }
        int pieceCount = store.info().pieceCount();
        Set<Integer> set = ConcurrentHashMap.newKeySet();
        for (int piece : AllowedFastSet.compute(v4, store.infoHash(), pieceCount, ALLOWED_FAST_COUNT)) {
            if (store.hasPiece(piece)) {
                set.add(piece);
                c.send(new PeerMessage.AllowedFast(piece));
            }
        }
        granted.put(c, set);
    }

    /** Whether {@code c} may have {@code piece} while we choke it. */
    boolean isGranted(PeerConnection c, int piece) {
        Set<Integer> set = granted.get(c);
        return set != null && set.contains(piece);
    }

    /** {@code c} lets us request {@code piece} while it chokes us. */
    void offered(PeerConnection c, int piece) {
        if (piece < store.info().pieceCount()) {
            BitSet pieces = offered.computeIfAbsent(c, x -> new BitSet());
            synchronized (pieces) {
                pieces.set(piece);
            }
        }
    }

    /** The pieces {@code c} lets us request while it chokes us; null if none. */
    BitSet offeredBy(PeerConnection c) {
        BitSet pieces = offered.get(c);
        if (pieces == null) {
            return null;
        }
        synchronized (pieces) {
            return (BitSet) pieces.clone();
        }
    }

    void disconnected(PeerConnection c) {
        granted.remove(c);
        offered.remove(c);
    }
}
