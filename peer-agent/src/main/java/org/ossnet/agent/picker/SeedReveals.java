package org.ossnet.agent.picker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Which pieces an initial seed shows each peer, so that it sends every piece once before it sends any twice (BEP 16
 * super-seeding, with a window instead of one piece at a time).
 *
 * <p>The seed announces no pieces at connect; instead each peer is shown ({@code have}) enough pieces to keep its
 * request pipeline full, and is shown another whenever it reports one of them. A peer is shown only pieces that no
 * connected peer has or is being shown: what the swarm holds it gets from the swarm, so the seed's upload goes into new
 * copies, never repeats, and a file a first peer took whole reaches later ones from it. Among those, the piece shown
 * least often so far, then the lowest index.
 *
 * <p>Peers that do not upload (an {@code ossnet get} keeps upload off) would then wait forever for pieces their
 * neighbours hold. The caller therefore {@linkplain #relax relaxes} a peer that has made no progress for a while
 * although the swarm has held a piece it lacks for that long ({@link #starved} lists the candidates): it is shown
 * pieces others hold as well, the least shown first, then the one fewest peers have. A peer that lacks only pieces on
 * their way to others is not starved: it waits for them.
 *
 * <p>Pure bookkeeping, no I/O; {@code synchronized} because each peer reports on its own reader thread.
 *
 * @param <P> the caller's identity for a connected peer, compared with {@code equals}
 */
public final class SeedReveals<P> {

    /** How long the pieces a departed peer held still count as held, for the strict rule. */
    public static final long DEPARTED_HOLDS_NANOS = 5_000_000_000L;

    private final int pieceCount;
    private final int window;
    private final int[] shown;
    private final int[] availability;
    private final int[] pendingAt;
    private final long[] heldSince;
    private final long[] heldUntil;
    private final LongSupplier clock;
    private final Map<P, Peer> peers = new HashMap<>();

    private long deliveryNanos = -1;

    /** Until when a departed peer's pieces are held back; 0 once the peers shown nothing meanwhile were handed out. */
    private long heldBackUntil;

    private static final class Peer {
        final BitSet has = new BitSet();
        final BitSet pending = new BitSet();
        final Map<Integer, Long> shownAt = new HashMap<>();
        boolean relaxed;
        boolean near;
    }

    /** Of {@link #availability} and {@link #pendingAt}, the peers of the seed's own region only. */
    private int[] nearAvailability;

    private int[] nearPendingAt;

    /**
     * @param pieceCount the torrent's pieces
     * @param window how many shown pieces a peer may lack at once: enough for its request pipeline, at least one
     */
    public SeedReveals(int pieceCount, int window) {
        this(pieceCount, window, System::nanoTime);
    }

    /** As above, reading time in nanoseconds from {@code clock}. */
    public SeedReveals(int pieceCount, int window, LongSupplier clock) {
        if (window < 1) {
            throw new IllegalArgumentException("the window must be at least one piece: " + window);
        }
        this.pieceCount = pieceCount;
        this.window = window;
        this.shown = new int[pieceCount];
        this.availability = new int[pieceCount];
        this.pendingAt = new int[pieceCount];
        this.heldSince = new long[pieceCount];
        this.heldUntil = new long[pieceCount];
        this.clock = clock;
        Arrays.fill(heldUntil, clock.getAsLong());
    }

    /** A new peer: the pieces to show it first. */
    public synchronized List<Integer> connected(P peer) {
        return connected(peer, false);
    }

    /** As above, for a peer of the seed's own region when {@code near}. */
    public synchronized List<Integer> connected(P peer, boolean near) {
        if (nearAvailability == null) {
            nearAvailability = new int[pieceCount];
            nearPendingAt = new int[pieceCount];
        }
        Peer added = peers.computeIfAbsent(peer, p -> new Peer());
        added.near = near;
        return topUp(added);
    }

    /** The peer reports one more piece; returns the pieces to show it now. */
    public synchronized List<Integer> have(P peer, int piece) {
        Peer p = peers.get(peer);
        if (p == null || piece < 0 || piece >= pieceCount) {
            return List.of();
        }
        received(p, piece);
        return topUp(p);
    }

    /** The peer's bitfield (or have-all): what it already has; returns the pieces to show it now. */
    public synchronized List<Integer> bitfield(P peer, BitSet pieces) {
        Peer p = peers.get(peer);
        if (p == null) {
            return List.of();
        }
        for (int piece = pieces.nextSetBit(0); piece >= 0 && piece < pieceCount; piece = pieces.nextSetBit(piece + 1)) {
            received(p, piece);
        }
        return topUp(p);
    }

    /**
     * The peers that wait on the swarm alone: shown nothing they lack, not complete, not relaxed, and lacking a piece
     * some connected peer has held for at least {@code nanos}. Those the rest of the swarm does not feed should be
     * {@linkplain #relax relaxed}.
     */
    public synchronized List<P> starved(long nanos) {
        long now = clock.getAsLong();
        List<P> starved = new ArrayList<>();
        peers.forEach((peer, p) -> {
            if (!p.relaxed && p.pending.isEmpty() && p.has.cardinality() < pieceCount && heldLong(p, now, nanos)) {
                starved.add(peer);
            }
        });
        return starved;
    }

    private boolean heldLong(Peer p, long now, long nanos) {
        for (int piece = p.has.nextClearBit(0); piece < pieceCount; piece = p.has.nextClearBit(piece + 1)) {
            if (availability[piece] > 0 && now - heldSince[piece] >= nanos) {
                return true;
            }
        }
        return false;
    }

    /**
     * From now on {@code peer} is shown pieces other peers hold or are being shown as well (least shown first), for a
     * peer the swarm does not feed; returns the pieces to show it now.
     */
    public synchronized List<Integer> relax(P peer) {
        Peer p = peers.get(peer);
        if (p == null) {
            return List.of();
        }
        p.relaxed = true;
        return topUp(p);
    }

    /**
     * The seed choked the peer: what it was shown but has not got may go to others, since it cannot fetch it now (it
     * may still when unchoked again, having been told the seed has it).
     */
    public synchronized void withdraw(P peer) {
        Peer p = peers.get(peer);
        if (p != null) {
            p.pending.stream().forEach(piece -> {
                shown[piece]--;
                pendingAt[piece]--;
                if (p.near) {
                    nearPendingAt[piece]--;
                }
            });
            p.pending.clear();
            p.shownAt.clear();
        }
    }

    /**
     * Once what departed peers held is no longer held back ({@link #DEPARTED_HOLDS_NANOS}), the peers that were shown
     * nothing they lack meanwhile, once: the caller {@linkplain #refill refills} them, since nothing they report would
     * (a peer that came just after a finished one left waited for a second peer to join before this).
     */
    public synchronized List<P> heldBackUntilNow() {
        if (heldBackUntil == 0 || clock.getAsLong() - heldBackUntil < 0) {
            return List.of();
        }
        heldBackUntil = 0;
        List<P> waiting = new ArrayList<>();
        peers.forEach((peer, p) -> {
            if (p.pending.isEmpty() && p.has.cardinality() < pieceCount) {
                waiting.add(peer);
            }
        });
        return waiting;
    }

    /** The pieces to show {@code peer} now, up to its window (after an unchoke, say). */
    public synchronized List<Integer> refill(P peer) {
        Peer p = peers.get(peer);
        return p == null ? List.of() : topUp(p);
    }

    /**
     * The peer is gone: what it had no longer counts, and what it was shown but never got may go to others first.
     *
     * @param mayReturnAsSeed whether it may come back at once with what it held, as a mirror hands a file from its
     *     download to its seeder: what it held is then not shown to others before it had the time to ({@link
     *     #DEPARTED_HOLDS_NANOS}). False for a peer that said it never uploads: holding back for it only kept the next
     *     downloader waiting, five seconds for each one after another alone with the seed
     */
    public synchronized void disconnected(P peer, boolean mayReturnAsSeed) {
        Peer p = peers.remove(peer);
        if (p != null) {
            long until = clock.getAsLong() + DEPARTED_HOLDS_NANOS;
            p.has.stream().forEach(piece -> {
                if (--availability[piece] == 0 && mayReturnAsSeed) {
                    heldUntil[piece] = until;
                    heldBackUntil = until;
                }
                if (p.near) {
                    nearAvailability[piece]--;
                }
            });
            p.pending.stream().forEach(piece -> {
                shown[piece]--;
                pendingAt[piece]--;
                if (p.near) {
                    nearPendingAt[piece]--;
                }
            });
        }
    }

    /**
     * How long peers typically took to report a piece after it was shown to them, in nanoseconds: a moving average
     * over every shown piece reported, the time one copy takes to cross from this seed to a peer (longer on a loaded
     * host or a slow link). A copy between two peers takes about as long, which is how long to wait for the swarm
     * before {@linkplain #relax relaxing} a peer. -1 before the first report.
     */
    public synchronized long typicalDeliveryNanos() {
        return deliveryNanos;
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
            p.shownAt.put(piece, clock.getAsLong());
            shown[piece]++;
            pendingAt[piece]++;
            if (p.near) {
                nearPendingAt[piece]++;
            }
            reveal.add(piece);
        }
        return reveal;
    }

    private void received(Peer p, int piece) {
        if (!p.has.get(piece)) {
            p.has.set(piece);
            if (availability[piece]++ == 0) {
                heldSince[piece] = clock.getAsLong();
            }
            if (p.near) {
                nearAvailability[piece]++;
            }
        }
        if (p.pending.get(piece)) {
            p.pending.clear(piece);
            pendingAt[piece]--;
            if (p.near) {
                nearPendingAt[piece]--;
            }
            Long since = p.shownAt.remove(piece);
            if (since != null) {
                long took = clock.getAsLong() - since;
                deliveryNanos = deliveryNanos < 0 ? took : deliveryNanos + (took - deliveryNanos) / 8;
            }
        }
    }

    private int next(Peer p) {
        long now = clock.getAsLong();
        int best = -1;
        for (int piece = p.has.nextClearBit(0); piece < pieceCount; piece = p.has.nextClearBit(piece + 1)) {
            if (p.pending.get(piece)) {
                continue;
            }
            // A peer of the seed's own region is shown what no peer of that region holds: a piece held only in other
            // regions would otherwise cross back into the seed's region, slowly, through their optimistic unchokes.
            boolean held = p.near
                    ? nearAvailability[piece] > 0 || nearPendingAt[piece] > 0
                    : availability[piece] > 0 || pendingAt[piece] > 0 || now - heldUntil[piece] < 0;
            if (!p.relaxed && held) {
                continue;
            }
            if (best < 0
                    || shown[piece] < shown[best]
                    || (shown[piece] == shown[best] && availability[piece] < availability[best])) {
                best = piece;
                if (shown[piece] == 0 && availability[piece] == 0) {
                    break; // no piece can come before it: the scan was quadratic in the pieces over a download
                }
            }
        }
        return best;
    }
}
