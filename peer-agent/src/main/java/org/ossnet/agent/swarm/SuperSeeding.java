package org.ossnet.agent.swarm;

import java.net.InetAddress;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.ossnet.agent.picker.SeedReveals;
import org.ossnet.agent.wire.PeerMessage;

/**
 * An initial seed's side of {@link SeedReveals}: at connect it shows a peer no pieces (an empty bitfield, or
 * {@code have none} under the fast extension), then sends a {@code have} for each piece {@link SeedReveals} shows it.
 * Requests for pieces not shown are still served; a peer that learnt of a piece elsewhere may ask for it. A peer shown
 * nothing that reports no new piece for its {@linkplain #patienceNanos patience} although the swarm has held a piece it
 * lacks as long is relaxed: the swarm does not feed it (its neighbours may not upload), so the seed shows it pieces
 * others hold too.
 */
final class SuperSeeding {

    /** Enough shown-but-missing data per peer to keep a pipeline of 64 blocks busy across piece boundaries. */
    static final long WINDOW_BYTES = 4L * 1024 * 1024;

    /** How long a peer waiting on the swarm alone may at least go without a new piece before the seed feeds it. */
    static final Duration STARVED_AFTER = Duration.ofSeconds(2);

    /**
     * How many of the typical times a shown piece took to reach a peer from this seed a peer waits on the swarm: a
     * copy between two peers takes about as long, so on a loaded host or slow links the seed waits longer before it
     * sends a copy twice.
     */
    static final int PATIENCE_DELIVERIES = 4;

    private final SeedReveals<PeerConnection> reveals;
    private final Map<PeerConnection, Long> lastProgress = new ConcurrentHashMap<>();

    private final Predicate<InetAddress> near;

    SuperSeeding(int pieceCount, int pieceLength) {
        this(pieceCount, pieceLength, address -> false);
    }

    /**
     * @param near whether an address is in the seed's own region ({@link SwarmConfig#near()}): its peers are shown
     *     what no peer of that region holds, since pieces held only elsewhere would come back slowly, through the other
     *     regions' optimistic unchokes
     */
    SuperSeeding(int pieceCount, int pieceLength, Predicate<InetAddress> near) {
        int window = (int) Math.max(2, (WINDOW_BYTES + pieceLength - 1) / pieceLength);
        this.reveals = new SeedReveals<>(pieceCount, window);
        this.near = near;
    }

    void connected(PeerConnection c) {
        lastProgress.put(c, System.nanoTime());
        if (c.supportsFast()) {
            c.send(new PeerMessage.HaveNone());
        }
        show(c, reveals.connected(c, near.test(c.remote.getAddress())));
    }

    void have(PeerConnection c, int piece) {
        lastProgress.put(c, System.nanoTime());
        show(c, reveals.have(c, piece));
    }

    void bitfield(PeerConnection c, BitSet pieces) {
        lastProgress.put(c, System.nanoTime());
        show(c, reveals.bitfield(c, pieces));
    }

    /** The seed choked {@code c}: the pieces it was shown but cannot fetch now may be shown to others. */
    void choked(PeerConnection c) {
        reveals.withdraw(c);
    }

    /** The seed unchoked {@code c}: show it a window again. */
    void unchoked(PeerConnection c) {
        show(c, reveals.refill(c));
    }

    /** {@code c} is gone; {@code mayReturnAsSeed} unless it said it never uploads (see {@link SeedReveals#disconnected}). */
    void disconnected(PeerConnection c, boolean mayReturnAsSeed) {
        lastProgress.remove(c);
        reveals.disconnected(c, mayReturnAsSeed);
    }

    /**
     * How long a peer waits on the swarm before it is relaxed: {@link #STARVED_AFTER}, or {@link
     * #PATIENCE_DELIVERIES} times the typical time a shown piece took to reach a peer if that is longer.
     */
    static long patienceNanos(long typicalDeliveryNanos) {
        return Math.max(STARVED_AFTER.toNanos(), PATIENCE_DELIVERIES * typicalDeliveryNanos);
    }

    /**
     * Relaxes the peers that waited on the swarm for their {@linkplain #patienceNanos patience} without a new piece, and
     * shows the peers shown nothing while a departed peer's pieces were held back what they may have now.
     */
    void tick(long now) {
        for (PeerConnection c : reveals.heldBackUntilNow()) {
            // Choked or not, as at connect: a peer shown nothing is not interested, so it would never be unchoked.
            show(c, reveals.refill(c));
        }
        long patience = patienceNanos(reveals.typicalDeliveryNanos());
        for (PeerConnection c : reveals.starved(patience)) {
            Long since = lastProgress.get(c);
            if (since != null && now - since >= patience) {
                show(c, reveals.relax(c));
            }
        }
    }

    private static void show(PeerConnection c, List<Integer> pieces) {
        for (int piece : pieces) {
            c.send(new PeerMessage.Have(piece));
        }
    }
}
