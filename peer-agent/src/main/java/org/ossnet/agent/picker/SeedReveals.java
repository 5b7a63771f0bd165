package org.ossnet.agent.picker;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pieces an initial seed shows each peer, so that it sends every piece once before it sends any twice (BEP 16
 * super-seeding, with a window instead of one piece at a time).
 *
 * <p>The seed announces no pieces at connect; instead each peer is shown ({@code have}) enough pieces to keep its
 * request pipeline full, and is shown another whenever it reports one of them. Each new piece is the one shown least
 * often so far, then the one fewest peers have, then the lowest index: peers get different pieces from the seed and
 * trade them among themselves, so the seed's upload goes into new copies rather than repeats.
 *
 * <p>Pure bookkeeping, no I/O; {@code synchronized} because each peer reports on its own reader thread.
 *
 * @param <P> the caller's identity for a connected peer, compared with {@code equals}
 */
public final class SeedReveals<P> {

    private final int pieceCount;
    private final int window;
    private final int[] shown;
    private final int[] availability;
    private final Map<P, Peer> peers = new HashMap<>();

    private static final class Peer {
        final BitSet has = new BitSet();
        final BitSet pending = new BitSet();
    }

    /**
     * @param pieceCount the torrent's pieces
     * @param window how many shown pieces a peer may lack at once: enough for its request pipeline, at least one
     */
    public SeedReveals(int pieceCount, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("the window must be at least one piece: " + window);
        }
        this.pieceCount = pieceCount;
        this.window = window;
        this.shown = new int[pieceCount];
        this.availability = new int[pieceCount];
    }

    /** A new peer: the pieces to show it first. */
    public synchronized List<Integer> connected(P peer) {
        return topUp(peers.computeIfAbsent(peer, p -> new Peer()));
    }

    /** The peer reports one more piece; returns the pieces to show it now. */
    public synchronized List<Integer> have(P peer, int piece) {
        Peer p = peers.get(peer);
        if (p == null || piece < 0 || piece >= pieceCount) {
            return List.of();
        }
        if (!p.has.get(piece)) {
            p.has.set(piece);
            availability[piece]++;
        }
        p.pending.clear(piece);
        return topUp(p);
    }

    /** The peer's bitfield (or have-all): what it already has; returns the pieces to show it now. */
    public synchronized List<Integer> bitfield(P peer, BitSet pieces) {
        Peer p = peers.get(peer);
        if (p == null) {
            return List.of();
        }
        for (int piece = pieces.nextSetBit(0); piece >= 0 && piece < pieceCount; piece = pieces.nextSetBit(piece + 1)) {
            if (!p.has.get(piece)) {
                p.has.set(piece);
                availability[piece]++;
            }
            p.pending.clear(piece);
        }
        return topUp(p);
    }

    /** The peer is gone: what it had no longer counts, and what it was shown but never got may go to others first. */
    public synchronized void disconnected(P peer) {
        Peer p = peers.remove(peer);
        if (p != null) {
            p.has.stream().forEach(piece -> availability[piece]--);
            p.pending.stream().forEach(piece -> shown[piece]--);
        }
    }

    /** How many times {@code piece} was shown to a peer that did not have it (for tests and metrics). */
    public synchronized int timesShown(int piece) {
        return shown[piece];
    }

    private List<Integer> topUp(Peer p) {
        List<Integer> reveal = new ArrayList<>();
        while (p.pending.cardinality() < window) {
            int piece = next(p);
            if (piece < 0) {
                break;
            }
            p.pending.set(piece);
            shown[piece]++;
            reveal.add(piece);
        }
        return reveal;
    }

    private int next(Peer p) {
        int best = -1;
        for (int piece = 0; piece < pieceCount; piece++) {
            if (p.has.get(piece) || p.pending.get(piece)) {
                continue;
            }
            if (best < 0
                    || shown[piece] < shown[best]
                    || (shown[piece] == shown[best] && availability[piece] < availability[best])) {
                best = piece;
            }
        }
        return best;
    }
}
