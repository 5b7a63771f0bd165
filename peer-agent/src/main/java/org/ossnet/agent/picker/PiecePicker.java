package org.ossnet.agent.picker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.LongSupplier;
import org.ossnet.agent.storage.Blocks;
import org.ossnet.core.torrent.Info;

/**
 * Chooses the blocks to request from each peer of one torrent.
 *
 * <p>Pieces already started are finished first (oldest first), so verified pieces, which can be uploaded, appear
 * early; new pieces are started rarest first, ties broken at random so that peers who see the same swarm do not all
 * pick the same piece. Each peer gets requests up to its queue depth (pipelining). When every missing block is
 * requested or received, the picker is in end game: a peer may then be asked for blocks already requested elsewhere
 * at least {@link #END_GAME_AFTER} ago, the least-duplicated first, and when one copy arrives the others are returned
 * as {@link Cancel}s. Without that wait, a small file whose every block fits one peer's pipeline would be in end game
 * from its first request and every other peer would be asked for all of it again.
 *
 * <p>Peers marked {@link #near} are in this agent's cost region. While one of them serves us (it unchoked us, or
 * choked us less than {@link #NEAR_PATIENCE} ago), the pieces it has are asked of near peers only: a farther peer gets
 * requests only for pieces no serving near peer has (and for end-game duplicates, after that patience), so each piece
 * crosses into a region about once and spreads inside it. A serving near peer's {@link #have} takes back what was
 * still awaited of that piece from farther peers, and the hosts of a region split what they fetch from outside into
 * {@link #stripe}s. A near peer that never serves us (its upload is off) does not hold anything back.
 *
 * <p>Pure bookkeeping, no I/O. Every method is {@code synchronized} because connections live on several event-loop
 * threads; each call is short (at worst one pass over the pieces).
 *
 * @param <P> the caller's identity for a connected peer, compared with {@code equals}
 */
public final class PiecePicker<P> {

    /** How long a block's request may be outstanding before end game asks another source for it too. */
    public static final Duration END_GAME_AFTER = Duration.ofSeconds(1);

    /**
     * How long a near peer that choked us still holds back requests to farther peers for the pieces it has: about one
     * choke interval of a mainstream client, after which it is likely to unchoke us again.
     */
    public static final Duration NEAR_PATIENCE = Duration.ofSeconds(10);

    /**
     * How long the near peers serving us may have nothing we lack before pieces of other hosts' stripes are asked of
     * farther peers: about two choke rounds of the farther peers those hosts wait for.
     */
    public static final Duration REGION_IDLE = Duration.ofSeconds(2);

    private static final long SERVING = Long.MIN_VALUE;

    private final Info info;
    private final Random random;
    private final LongSupplier clock;
    private final long endGameAfterNanos;
    private final BitSet have;
    private final Availability<P> availability;
    private final Map<P, Set<BlockRequest>> outstanding = new HashMap<>();
    private final Map<Integer, PieceProgress<P>> started = new LinkedHashMap<>();
    private final Set<P> near = new HashSet<>();
    /** Near peers that have served us: {@link #SERVING} while they unchoke us, else when they last choked us. */
    private final Map<P, Long> nearServed = new HashMap<>();
    /** Pieces {@code p} with {@code p % stripes == stripe} are asked of farther peers first ({@link #stripe}). */
    private int stripes = 1;

    private int stripe;
    /** When a near peer serving us last had a piece we lack: see {@link #regionIdle}. */
    private long regionUsefulAt;

    /** A picker for {@code info} that already holds the verified pieces {@code have}; {@code random} breaks ties. */
    public PiecePicker(Info info, BitSet have, Random random) {
        this(info, have, random, System::nanoTime, END_GAME_AFTER);
    }

    /** As above, reading time in nanoseconds from {@code clock}, with end game's wait {@code endGameAfter}. */
    public PiecePicker(Info info, BitSet have, Random random, LongSupplier clock, Duration endGameAfter) {
        this.info = info;
        this.random = random;
        this.clock = clock;
        this.endGameAfterNanos = endGameAfter.toNanos();
        this.regionUsefulAt = clock.getAsLong();
        this.have = (BitSet) have.clone();
        this.availability = new Availability<>(info.pieceCount());
    }

    /** A peer's {@code bitfield}: the pieces it has, replacing anything known of it before. */
    public synchronized void bitfield(P peer, BitSet pieces) {
        availability.set(peer, pieces);
    }

    /**
     * A peer's {@code have}: one more piece. When the peer is near and serves us now, the blocks of that piece asked
     * only of farther peers and not yet received are taken back, to be asked of near peers, and returned as the
     * cancels to send: a piece that reached the region while a farther peer had yet to send it does not cross again.
     */
    public synchronized List<Cancel<P>> have(P peer, int piece) {
        availability.add(peer, piece);
        PieceProgress<P> progress = started.get(piece);
        Long served = nearServed.get(peer);
        if (progress == null || have.get(piece) || served == null || served != SERVING) {
            return List.of();
        }
        List<Cancel<P>> cancels = new ArrayList<>();
        for (int block = 0; block < progress.blocks; block++) {
            Set<P> askers = progress.requesters(block);
            if (progress.received.get(block)
                    || askers.isEmpty()
                    || askers.stream().anyMatch(near::contains)) {
                continue;
            }
            BlockRequest request = progress.request(block);
            for (P far : List.copyOf(askers)) {
                progress.unrequest(block, far);
                outstanding.get(far).remove(request);
                cancels.add(new Cancel<>(far, request));
            }
        }
        return cancels;
    }

    /** A peer's {@code have all} (BEP 6): a seed. */
    public synchronized void haveAll(P peer) {
        BitSet all = new BitSet(info.pieceCount());
        all.set(0, info.pieceCount());
        bitfield(peer, all);
    }

    /** A peer's {@code have none} (BEP 6). */
    public synchronized void haveNone(P peer) {
        bitfield(peer, new BitSet());
    }

    /** The peer is gone: its pieces no longer count and its requests return to the pool. */
    public synchronized void peerDisconnected(P peer) {
        returnRequests(peer);
        outstanding.remove(peer);
        availability.forget(peer);
        near.remove(peer);
        nearServed.remove(peer);
    }

    /** The peer is in this agent's cost region: while it serves us, what it has is not asked of farther peers. */
    public synchronized void near(P peer) {
        near.add(peer);
    }

    /**
     * This agent is number {@code mine} of {@code of} hosts of its region connected to each other, counted alike by
     * each (by address): a new piece asked of a farther peer is one with {@code piece % of == mine} while that peer has
     * one, so hosts of a region that fetch from outside at the same moment fetch different pieces, and each piece
     * crosses once. Other pieces come from the hosts whose stripes they are, through the near peers serving us: from a
     * farther peer only once those have had nothing we lack for {@link #REGION_IDLE}, or as end-game duplicates.
     */
    public synchronized void stripe(int of, int mine) {
        if (of < 1 || mine < 0 || mine >= of) {
            throw new IllegalArgumentException("stripe " + mine + " of " + of);
        }
        stripes = of;
        stripe = mine;
    }

    /** The peer choked us: its requests will not be served, so they return to the pool. */
    public synchronized void choked(P peer) {
        returnRequests(peer);
        if (nearServed.containsKey(peer)) {
            nearServed.put(peer, clock.getAsLong());
        }
    }

    /** The peer unchoked us. */
    public synchronized void unchoked(P peer) {
        if (near.contains(peer)) {
            nearServed.put(peer, SERVING);
        }
    }

    /** The peer rejected one request (BEP 6): it returns to the pool. */
    public synchronized void rejected(P peer, BlockRequest request) {
        Set<BlockRequest> mine = outstanding.get(peer);
        PieceProgress<P> progress = started.get(request.piece());
        if (mine != null && mine.remove(request) && progress != null) {
            progress.unrequest(request.offset() / Blocks.SIZE, peer);
        }
    }

    /** New requests for {@code peer}, enough to have {@code queueDepth} outstanding; they count as sent. */
    public synchronized List<BlockRequest> nextRequests(P peer, int queueDepth) {
        return nextRequests(peer, queueDepth, null);
    }

    /**
     * As {@link #nextRequests(Object, int)}, but only blocks of the pieces in {@code only}, such as the BEP 6
     * allowed-fast pieces a peer lets us request while it chokes us; null for any piece.
     */
    public synchronized List<BlockRequest> nextRequests(P peer, int queueDepth, BitSet only) {
        BitSet theirs = availability.of(peer);
        if (theirs == null) {
            return List.of();
        }
        if (only != null) {
            theirs = (BitSet) theirs.clone();
            theirs.and(only);
        }
        BitSet anyOfTheirs = theirs;
        if (!near.contains(peer) && !nearServed.isEmpty()) {
            theirs = (BitSet) theirs.clone();
            theirs.andNot(servedNearby());
        }
        Set<BlockRequest> mine = outstanding.computeIfAbsent(peer, p -> new LinkedHashSet<>());
        List<BlockRequest> picked = new ArrayList<>();
        for (PieceProgress<P> progress : started.values()) {
            if (mine.size() >= queueDepth) {
                return picked;
            }
            if (theirs.get(progress.piece)) {
                takeFree(progress, peer, mine, queueDepth, picked);
            }
        }
        boolean striped = stripes > 1 && !near.contains(peer);
        BitSet unstarted = mine.size() < queueDepth ? unstarted(theirs) : null;
        while (mine.size() < queueDepth) {
            int piece = striped ? availability.rarest(unstarted, p -> p % stripes == stripe, random) : -1;
            if (piece < 0 && (!striped || regionIdle())) {
                piece = availability.rarest(unstarted, p -> true, random);
            }
            if (piece < 0) {
                break;
            }
            unstarted.clear(piece);
            PieceProgress<P> progress = new PieceProgress<>(piece, info.pieceSize(piece));
            started.put(piece, progress);
            takeFree(progress, peer, mine, queueDepth, picked);
        }
        if (mine.size() < queueDepth && inEndGameLocked()) {
            // A farther peer duplicates what a serving near peer has only once that has waited its patience.
            takeDuplicates(peer, anyOfTheirs, theirs, mine, queueDepth, picked);
        }
        return picked;
    }

    /**
     * The pieces of {@code theirs} we neither have nor have started, worked out a word at a time: asking of every piece
     * whether it was had or started, once per piece started, was the largest item of a 1 GiB leecher's picking.
     */
    private BitSet unstarted(BitSet theirs) {
        BitSet unstarted = (BitSet) theirs.clone();
        unstarted.andNot(have);
        started.keySet().forEach(unstarted::clear);
        return unstarted;
    }

    /**
     * Whether the near peers serving us have had nothing we lack for {@link #REGION_IDLE}: the hosts whose stripes the
     * missing pieces are cannot get them from outside (no farther peer unchokes them), so we fetch them ourselves.
     */
    private boolean regionIdle() {
        long now = clock.getAsLong();
        BitSet useful = servedNearby();
        useful.andNot(have);
        if (!useful.isEmpty()) {
            regionUsefulAt = now;
        }
        return now - regionUsefulAt >= REGION_IDLE.toNanos();
    }

    /** The pieces the near peers serving us have (or choked us less than {@link #NEAR_PATIENCE} ago). */
    private BitSet servedNearby() {
        BitSet nearby = new BitSet(info.pieceCount());
        long now = clock.getAsLong();
        for (Map.Entry<P, Long> served : nearServed.entrySet()) {
            long chokedAt = served.getValue();
            if (chokedAt == SERVING || now - chokedAt < NEAR_PATIENCE.toNanos()) {
                BitSet theirs = availability.of(served.getKey());
                if (theirs != null) {
                    nearby.or(theirs);
                }
            }
        }
        return nearby;
    }

    /** A block arrived from {@code peer}; says whether to keep it and which duplicate requests to cancel. */
    public synchronized Arrival<P> blockReceived(P peer, BlockRequest block) {
        Set<BlockRequest> mine = outstanding.get(peer);
        if (mine != null) {
            mine.remove(block);
        }
        int piece = block.piece();
        if (piece < 0 || piece >= info.pieceCount() || have.get(piece)) {
            return new Arrival<>(false, List.of());
        }
        PieceProgress<P> progress = started.get(piece);
        int index = block.offset() / Blocks.SIZE;
        if (progress == null) {
            progress = new PieceProgress<>(piece, info.pieceSize(piece));
        }
        if (block.offset() % Blocks.SIZE != 0
                || index >= progress.blocks
                || !progress.request(index).equals(block)) {
            return new Arrival<>(false, List.of());
        }
        started.putIfAbsent(piece, progress);
        if (progress.received.get(index)) {
            return new Arrival<>(false, List.of());
        }
        List<Cancel<P>> cancels = new ArrayList<>();
        for (P other : progress.receive(index)) {
            if (!other.equals(peer)) {
                outstanding.get(other).remove(block);
                cancels.add(new Cancel<>(other, block));
            }
        }
        return new Arrival<>(true, cancels);
    }

    /** The piece passed its check: it is ours. */
    public synchronized void pieceVerified(int piece) {
        have.set(piece);
        dropProgress(piece);
    }

    /** The piece failed its check: every block of it must be fetched again. */
    public synchronized void pieceFailed(int piece) {
        dropProgress(piece);
    }

    private void dropProgress(int piece) {
        PieceProgress<P> progress = started.remove(piece);
        if (progress != null) {
            for (int block = 0; block < progress.blocks; block++) {
                for (P peer : progress.requesters(block)) {
                    outstanding.get(peer).remove(progress.request(block));
                }
            }
        }
    }

    /** Whether {@code peer} has a piece we lack, which is when we should be interested. */
    public synchronized boolean isInteresting(P peer) {
        BitSet theirs = availability.of(peer);
        if (theirs == null) {
            return false;
        }
        BitSet wanted = (BitSet) theirs.clone();
        wanted.andNot(have);
        return !wanted.isEmpty();
    }

    /** Whether every missing block is already requested or received. */
    public synchronized boolean inEndGame() {
        return inEndGameLocked();
    }

    /** How many connected peers have {@code piece}. */
    public synchronized int availability(int piece) {
        return availability.count(piece);
    }

    /** How many requests are out at {@code peer}. */
    public synchronized int outstandingCount(P peer) {
        Set<BlockRequest> mine = outstanding.get(peer);
        return mine == null ? 0 : mine.size();
    }

    /** The requests out at {@code peer}, in the order they were handed out. */
    public synchronized List<BlockRequest> outstanding(P peer) {
        return List.copyOf(outstanding.getOrDefault(peer, Set.of()));
    }

    /** Whether every piece is ours. */
    public synchronized boolean isComplete() {
        return have.cardinality() == info.pieceCount();
    }

    private boolean inEndGameLocked() {
        int missing = info.pieceCount() - have.cardinality();
        if (missing == 0 || started.size() < missing) {
            return false;
        }
        return started.values().stream().allMatch(progress -> progress.free() == 0);
    }

    private void takeFree(
            PieceProgress<P> progress, P peer, Set<BlockRequest> mine, int depth, List<BlockRequest> out) {
        for (int block = 0; block < progress.blocks && progress.free() > 0 && mine.size() < depth; block++) {
            if (progress.isFree(block)) {
                progress.request(block, peer, clock.getAsLong());
                BlockRequest request = progress.request(block);
                mine.add(request);
                out.add(request);
            }
        }
    }

    /**
     * End-game duplicates for {@code peer}: blocks of the pieces in {@code theirs} requested from others at least
     * {@link #END_GAME_AFTER} ago, or {@link #NEAR_PATIENCE} ago for pieces outside {@code soon} (those a serving near
     * peer has, when {@code peer} is farther).
     */
    private void takeDuplicates(
            P peer, BitSet theirs, BitSet soon, Set<BlockRequest> mine, int depth, List<BlockRequest> out) {
        List<int[]> candidates = new ArrayList<>();
        long now = clock.getAsLong();
        for (PieceProgress<P> progress : started.values()) {
            if (!theirs.get(progress.piece)) {
                continue;
            }
            long wait = soon.get(progress.piece) ? endGameAfterNanos : NEAR_PATIENCE.toNanos();
            for (int block = 0; block < progress.blocks; block++) {
                if (!progress.received.get(block)
                        && !progress.requesters(block).contains(peer)
                        && now - progress.requestedAt(block) >= wait) {
                    candidates.add(new int[] {
                        progress.piece, block, progress.requesters(block).size()
                    });
                }
            }
        }
        // Shuffled, then stably sorted: least-duplicated blocks first, and peers spread over equally duplicated ones.
        Collections.shuffle(candidates, random);
        candidates.sort(Comparator.comparingInt(candidate -> candidate[2]));
        for (int[] candidate : candidates) {
            if (mine.size() >= depth) {
                return;
            }
            PieceProgress<P> progress = started.get(candidate[0]);
            progress.request(candidate[1], peer, now);
            BlockRequest request = progress.request(candidate[1]);
            mine.add(request);
            out.add(request);
        }
    }

    private void returnRequests(P peer) {
        Set<BlockRequest> mine = outstanding.get(peer);
        if (mine == null) {
            return;
        }
        for (BlockRequest request : mine) {
            PieceProgress<P> progress = started.get(request.piece());
            if (progress != null) {
                progress.unrequest(request.offset() / Blocks.SIZE, peer);
            }
        }
        mine.clear();
    }
}
