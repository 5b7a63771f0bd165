package org.ossnet.agent.swarm;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the bytes of verified pieces by source. A block's bytes wait with its piece until the piece is verified (then
 * they count) or fails its hash (then they are forgotten), so a peer's bad data and an end-game duplicate never count.
 */
final class SourceLedger {

    /** Where a stored block came from. */
    enum Kind {
        PEER,
        MIRROR,
        ORIGIN
    }

    private final Map<Integer, long[]> pending = new HashMap<>();
    private final BitSet verified = new BitSet();
    private final long[] totals = new long[Kind.values().length];

    /** A block of {@code piece} from {@code kind} was written (not a duplicate). */
    synchronized void stored(int piece, Kind kind, int bytes) {
        if (verified.get(piece)) {
            // Another thread verified the piece between this block's write and this call: the block is part of it.
            totals[kind.ordinal()] += bytes;
        } else {
            pending.computeIfAbsent(piece, p -> new long[totals.length])[kind.ordinal()] += bytes;
        }
    }

    synchronized void verified(int piece) {
        verified.set(piece);
        long[] bytes = pending.remove(piece);
        if (bytes != null) {
            for (int i = 0; i < totals.length; i++) {
                totals[i] += bytes[i];
            }
        }
    }

    synchronized void failed(int piece) {
        pending.remove(piece);
    }

    synchronized BytesBySource totals() {
        return new BytesBySource(
                totals[Kind.PEER.ordinal()], totals[Kind.MIRROR.ordinal()], totals[Kind.ORIGIN.ordinal()]);
    }
}
