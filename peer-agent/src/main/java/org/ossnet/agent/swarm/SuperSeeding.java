package org.ossnet.agent.swarm;

import java.util.BitSet;
import java.util.List;
import org.ossnet.agent.picker.SeedReveals;
import org.ossnet.agent.wire.PeerMessage;

/**
 * An initial seed's side of {@link SeedReveals}: at connect it shows a peer no pieces (an empty bitfield, or
 * {@code have none} under the fast extension), then sends a {@code have} for each piece {@link SeedReveals} shows it.
 * Requests for pieces not shown are still served; a peer that learnt of a piece elsewhere may ask for it.
 */
final class SuperSeeding {

    /** Enough shown-but-missing data per peer to keep a pipeline of 64 blocks busy across piece boundaries. */
    static final long WINDOW_BYTES = 4L * 1024 * 1024;

    private final SeedReveals<PeerConnection> reveals;

    SuperSeeding(int pieceCount, int pieceLength) {
        int window = (int) Math.max(2, (WINDOW_BYTES + pieceLength - 1) / pieceLength);
        this.reveals = new SeedReveals<>(pieceCount, window);
    }

    void connected(PeerConnection c) {
        if (c.supportsFast()) {
            c.send(new PeerMessage.HaveNone());
        }
        show(c, reveals.connected(c));
    }

    void have(PeerConnection c, int piece) {
        show(c, reveals.have(c, piece));
    }

    void bitfield(PeerConnection c, BitSet pieces) {
        show(c, reveals.bitfield(c, pieces));
    }

    void disconnected(PeerConnection c) {
        reveals.disconnected(c);
    }

    private static void show(PeerConnection c, List<Integer> pieces) {
        for (int piece : pieces) {
            c.send(new PeerMessage.Have(piece));
        }
    }
}
