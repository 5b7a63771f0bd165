package org.ossnet.agent.picker;

import org.ossnet.agent.storage.Blocks;

/**
 * How many block requests to keep outstanding at one peer: at least the configured depth, and for a fast peer enough
 * to cover what it sends in {@value #SECONDS} s, so that a reader or writer thread that waits for a CPU on a busy
 * machine does not let the pipe run dry (libtorrent sizes its queue the same way, with 3 s).
 */
public final class QueueDepth {

    /** The most requests kept at one peer: our own upload side serves up to 250 queued requests per peer. */
    public static final int MAX = 250;

    static final double SECONDS = 1.0;

    private QueueDepth() {}

    /** The depth for a peer sending {@code bytesPerSecond}; never below {@code minimum}. */
    public static int forRate(int minimum, long bytesPerSecond) {
        long byRate = (long) (bytesPerSecond * SECONDS / Blocks.SIZE);
        return (int) Math.max(minimum, Math.min(MAX, byRate));
    }
}
