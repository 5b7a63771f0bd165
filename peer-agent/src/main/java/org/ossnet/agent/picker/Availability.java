package org.ossnet.agent.picker;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;

/** Which pieces each connected peer has, and how many peers have each piece. Guarded by {@link PiecePicker}. */
final class Availability<P> {

    private final int pieceCount;
    private final int[] counts;
    private final Map<P, BitSet> peerPieces = new HashMap<>();

    Availability(int pieceCount) {
        this.pieceCount = pieceCount;
        this.counts = new int[pieceCount];
    }

    /** Replaces what is known of {@code peer} with {@code pieces}, ignoring indexes beyond the torrent. */
    void set(P peer, BitSet pieces) {
        forget(peer);
        BitSet theirs = pieces.get(0, pieceCount);
        theirs.stream().forEach(piece -> counts[piece]++);
        peerPieces.put(peer, theirs);
    }

    void add(P peer, int piece) {
        BitSet theirs = peerPieces.computeIfAbsent(peer, p -> new BitSet());
        if (piece >= 0 && piece < pieceCount && !theirs.get(piece)) {
            theirs.set(piece);
            counts[piece]++;
        }
    }

    void forget(P peer) {
        BitSet old = peerPieces.remove(peer);
        if (old != null) {
            old.stream().forEach(piece -> counts[piece]--);
        }
    }

    /** The pieces {@code peer} has, or null if it has said nothing yet. */
    BitSet of(P peer) {
        return peerPieces.get(peer);
    }

    int count(int piece) {
        return counts[piece];
    }

    /** The rarest of {@code candidates} that {@code wanted} accepts, a random one among equals; or -1. */
    int rarest(BitSet candidates, IntPredicate wanted, Random random) {
        int choice = -1;
        int rarity = Integer.MAX_VALUE;
        int ties = 0;
        for (int piece = candidates.nextSetBit(0); piece >= 0; piece = candidates.nextSetBit(piece + 1)) {
            if (!wanted.test(piece)) {
                continue;
            }
            if (counts[piece] < rarity) {
                rarity = counts[piece];
                choice = piece;
                ties = 1;
            } else if (counts[piece] == rarity && random.nextInt(++ties) == 0) {
                choice = piece;
            }
        }
        return choice;
    }
}
