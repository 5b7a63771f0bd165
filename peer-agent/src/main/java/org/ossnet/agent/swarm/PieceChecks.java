package org.ossnet.agent.swarm;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * Checks a torrent's completed pieces off the connections' reader threads, one at a time and in the order they were
 * completed, as libtorrent's hashing threads do. Hashing a 1 MiB piece (its SHA-1 and, in file order, the whole file's
 * SHA-256) takes about a millisecond, during which a reader that did it itself would not read its socket: on a
 * single fast connection that was a third of the reader's time, and the sender waited for it.
 *
 * <p>One virtual thread drains the queue while it holds pieces and ends when it is empty; the next completed piece
 * starts another. Checking in completion order keeps a lone download's pieces in file order, so the whole file's
 * SHA-256 is still extended from the same pass as each piece's SHA-1 (see {@code PrefixHasher}). Nothing is checked
 * once the torrent is closed.
 */
final class PieceChecks {

    private final Queue<Integer> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final IntConsumer check;
    private final BooleanSupplier open;
    private final String threadName;

    /**
     * @param check checks one piece and acts on the outcome; it must not throw
     * @param open false once the torrent is closed, after which queued pieces are dropped
     */
    PieceChecks(IntConsumer check, BooleanSupplier open, String threadName) {
        this.check = check;
        this.open = open;
        this.threadName = threadName;
    }

    /** Queues a piece whose last block was just stored, and starts a checking thread if none runs. */
    void submit(int piece) {
        pending.add(piece);
        if (draining.compareAndSet(false, true)) {
            Thread.ofVirtual().name(threadName).start(this::drain);
        }
    }

    /** Whether a checking thread runs. */
    boolean isDraining() {
        return draining.get();
    }

    private void drain() {
        do {
            for (Integer piece; open.getAsBoolean() && (piece = pending.poll()) != null; ) {
                check.accept(piece);
            }
            draining.set(false);
            // A piece queued after the last poll but before the flag fell found the flag still up: take it here.
        } while (open.getAsBoolean() && !pending.isEmpty() && draining.compareAndSet(false, true));
    }
}
