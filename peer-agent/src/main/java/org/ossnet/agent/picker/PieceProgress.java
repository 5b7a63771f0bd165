package org.ossnet.agent.picker;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ossnet.agent.storage.Blocks;

/** The blocks of one started piece: which arrived, and which peers each is requested from. */
final class PieceProgress<P> {

    final int piece;
    final int size;
    final int blocks;
    final BitSet received;
    private final List<Set<P>> requesters;
    private final long[] requestedAt;
    private int free;

    PieceProgress(int piece, int size) {
        this.piece = piece;
        this.size = size;
        this.blocks = Blocks.count(size);
        this.received = new BitSet(blocks);
        this.requesters = new ArrayList<>(blocks);
        for (int i = 0; i < blocks; i++) {
            requesters.add(new LinkedHashSet<>(2));
        }
        this.requestedAt = new long[blocks];
        this.free = blocks;
    }

    /** Blocks neither received nor requested from anyone. */
    int free() {
        return free;
    }

    boolean isFree(int block) {
        return !received.get(block) && requesters.get(block).isEmpty();
    }

    Set<P> requesters(int block) {
        return requesters.get(block);
    }

    /** Asks {@code peer} for the block at {@code now} (nanoseconds); the first request of a free block is timed. */
    void request(int block, P peer, long now) {
        if (isFree(block)) {
            free--;
            requestedAt[block] = now;
        }
        requesters.get(block).add(peer);
    }

    /** When the block was first asked for since it was last free. */
    long requestedAt(int block) {
        return requestedAt[block];
    }

    /** Takes the block back from {@code peer}; it is free again if no one else has it and it has not arrived. */
    void unrequest(int block, P peer) {
        if (requesters.get(block).remove(peer) && isFree(block)) {
            free++;
        }
    }

    /** Marks the block arrived and returns whoever else was asked for it. */
    List<P> receive(int block) {
        boolean wasFree = isFree(block);
        received.set(block);
        if (wasFree) {
            free--;
        }
        List<P> asked = new ArrayList<>(requesters.get(block));
        requesters.get(block).clear();
        return asked;
    }

    BlockRequest request(int block) {
        return new BlockRequest(piece, block * Blocks.SIZE, Blocks.length(size, block));
    }
}
