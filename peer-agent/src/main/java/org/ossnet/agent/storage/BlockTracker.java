package org.ossnet.agent.storage;

import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.ossnet.core.torrent.Info;

/**
 * Which blocks of each unverified piece are claimed by a writer or written, and which pieces are verified. Not
 * thread-safe: {@link PieceStore} calls it under its lock.
 *
 * <p>A block is claimed before its bytes are written and marked written after, so two copies of one block (end game)
 * never land concurrently, and nothing can overwrite a piece while it is being verified or after it has been.
 *
 * <p>A piece in progress may hold a buffer from {@link PieceBuffers} that its blocks are put together in; the buffer is
 * taken with the piece's first claim and handed back when the piece is verified or failed.
 */
final class BlockTracker {

    enum Claim {
        CLAIMED,
        TAKEN
    }

    private final Info info;
    private final BitSet verified;
    private final Map<Integer, PieceBlocks> inProgress = new HashMap<>();
    private final PieceBuffers buffers;

    BlockTracker(Info info, BitSet verified, PieceBuffers buffers) {
        this.info = info;
        this.buffers = buffers;
        this.verified = (BitSet) verified.clone();
    }

    /** Claims the block at {@code offset}, which must be a whole block of the piece. */
    Claim claim(int piece, int offset, int length) {
        int size = info.pieceSize(piece);
        if (offset < 0 || offset % Blocks.SIZE != 0 || offset >= size) {
            throw new IllegalArgumentException("offset " + offset + " is not the start of a block of piece " + piece);
        }
        int block = offset / Blocks.SIZE;
        if (length != Blocks.length(size, block)) {
            throw new IllegalArgumentException("block " + block + " of piece " + piece + " is "
                    + Blocks.length(size, block) + " bytes, not " + length);
        }
        if (verified.get(piece)) {
            return Claim.TAKEN;
        }
        PieceBlocks blocks =
                inProgress.computeIfAbsent(piece, p -> new PieceBlocks(Blocks.count(size), buffers.take(size)));
        if (blocks.claimed.get(block)) {
            return Claim.TAKEN;
        }
        blocks.claimed.set(block);
        return Claim.CLAIMED;
    }

    /** Records that a claimed block is on disk; true if that completed the piece. */
    boolean written(int piece, int offset) {
        PieceBlocks blocks = inProgress.get(piece);
        blocks.written.set(offset / Blocks.SIZE);
        return blocks.written.cardinality() == blocks.count;
    }

    /** Whether every block of {@code piece} is written and the piece is not checked yet. */
    boolean isWritten(int piece) {
        PieceBlocks blocks = inProgress.get(piece);
        return blocks != null && blocks.written.cardinality() == blocks.count;
    }

    /** Gives up a claim whose write failed, so the block can be fetched again. */
    void release(int piece, int offset) {
        PieceBlocks blocks = inProgress.get(piece);
        blocks.claimed.clear(offset / Blocks.SIZE);
    }

    /** The buffer the blocks of {@code piece} are put together in, or null if they go straight to disk. */
    ByteBuffer held(int piece) {
        PieceBlocks blocks = inProgress.get(piece);
        return blocks == null ? null : blocks.held;
    }

    /** Forgets every block of a piece that failed its check. */
    void reset(int piece) {
        giveBack(inProgress.remove(piece));
    }

    void verify(int piece) {
        giveBack(inProgress.remove(piece));
        verified.set(piece);
    }

    /** Drops every piece in progress, whose buffers writers may still be filling, for a store that closes. */
    void discardAll() {
        for (PieceBlocks blocks : inProgress.values()) {
            if (blocks.held != null) {
                buffers.discard(blocks.held);
            }
        }
        inProgress.clear();
    }

    boolean isVerified(int piece) {
        return verified.get(piece);
    }

    BitSet verified() {
        return (BitSet) verified.clone();
    }

    int verifiedCount() {
        return verified.cardinality();
    }

    private void giveBack(PieceBlocks blocks) {
        if (blocks != null && blocks.held != null) {
            buffers.give(blocks.held);
        }
    }

    private static final class PieceBlocks {
        final int count;
        final BitSet claimed;
        final BitSet written;
        final ByteBuffer held;

        PieceBlocks(int count, ByteBuffer held) {
            this.count = count;
            this.held = held;
            this.claimed = new BitSet(count);
            this.written = new BitSet(count);
        }
    }
}
