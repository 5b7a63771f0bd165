package org.ossnet.agent.storage;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Direct buffers in which downloading pieces are put together before they go to disk, shared by every store of the
 * process and bounded by a byte budget.
 *
 * <p>A piece assembled in memory is hashed there and written with one positional write once it matches, instead of one
 * write per 16 KiB block and a read-back to verify it: in the one seed to one leecher bench the per-block writes and
 * the read-back were a third of the leecher's CPU (page-cache copies of small writes, and their system calls). A piece
 * that finds the budget spent, or one longer than {@link #MAX_PIECE}, is written block by block as before, so memory
 * stays bounded however many pieces are in flight. Buffers are kept for reuse: allocating a direct buffer zeroes it.
 */
final class PieceBuffers {

    /** The process-wide pool: 16 MiB, as much as aria2c's default disk cache. */
    static final PieceBuffers SHARED = new PieceBuffers(16L * 1024 * 1024);

    /** Pieces longer than this are never held in memory: a few of them would take the whole budget. */
    static final int MAX_PIECE = 4 * 1024 * 1024;

    private final long budget;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private long allocated;

    PieceBuffers(long budget) {
        this.budget = budget;
    }

    /**
     * A buffer of at least {@code capacity} bytes, cleared and with its limit at {@code capacity}, or null if the piece
     * must go straight to disk.
     */
    synchronized ByteBuffer take(int capacity) {
        if (capacity > MAX_PIECE || capacity > budget) {
            return null;
        }
        for (Iterator<ByteBuffer> it = free.iterator(); it.hasNext(); ) {
            ByteBuffer buffer = it.next();
            if (buffer.capacity() >= capacity) {
                it.remove();
                return buffer.clear().limit(capacity);
            }
        }
        // Spare buffers too small for this piece (another store's) give way before a new one is refused.
        while (allocated + capacity > budget && !free.isEmpty()) {
            allocated -= free.poll().capacity();
        }
        if (allocated + capacity > budget) {
            return null;
        }
        allocated += capacity;
        return ByteBuffer.allocateDirect(capacity);
    }

    /** Hands back a buffer from {@link #take}; the caller must not use it afterwards. */
    synchronized void give(ByteBuffer buffer) {
        free.push(buffer);
    }

    /**
     * Forgets a buffer from {@link #take} that a writer may still be filling (a store closed under its downloads): it is
     * left to the collector rather than handed to another piece.
     */
    synchronized void discard(ByteBuffer buffer) {
        allocated -= buffer.capacity();
    }
}
