package org.ossnet.agent.ban;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.ossnet.agent.storage.Blocks;

/**
 * Decides which peers sent bad data, as libtorrent does: trust points and smart ban.
 *
 * <p>Each peer gains a point for every verified piece it contributed to and loses two for every failed one. A failed
 * piece with a single contributor bans that peer at once. With several contributors the culprit is unknown, so the
 * SHA-1 of every block each peer sent is remembered; when the piece later verifies, each remembered block is compared
 * with the good one: a peer whose block differs is banned, and a peer whose blocks all match is cleared and its two
 * points per failure are refunded. An honest peer is therefore never banned for another's corruption as long as the
 * piece eventually verifies while remembered ({@link BanPolicy#rememberedFailures()}). Only failures forgotten
 * unresolved settle their penalties and count towards {@link BanPolicy#banThreshold()}: the fallback for a peer that
 * keeps failing pieces that never complete.
 *
 * <p>Peers are whatever identity the caller bans by (libtorrent bans addresses). Thread-safe by {@code synchronized}.
 */
public final class PeerTrust<P> {

    private static final int GOOD_PIECE = 1;
    private static final int BAD_PIECE = -2;

    private final BanPolicy policy;
    private final Map<P, Integer> trust = new HashMap<>();
    private final Set<P> banned = new HashSet<>();
    private final Map<Integer, Map<Integer, P>> contributors = new HashMap<>();
    private final LinkedHashMap<Integer, FailedPiece<P>> failures = new LinkedHashMap<>();

    /** Trust bookkeeping under {@code policy}. */
    public PeerTrust(BanPolicy policy) {
        this.policy = policy;
    }

    /** {@code peer} sent the block of {@code piece} at {@code offset}, and it was written. */
    public synchronized void blockReceived(P peer, int piece, int offset) {
        contributors.computeIfAbsent(piece, p -> new HashMap<>()).put(offset, peer);
    }

    /** The piece failed its check; {@code data} is what failed ({@code WriteOutcome.PieceFailed#data}). */
    public synchronized Verdict<P> pieceFailed(int piece, byte[] data) {
        Map<Integer, P> blocks = contributors.remove(piece);
        if (blocks == null || blocks.isEmpty()) {
            return Verdict.none();
        }
        Set<P> peers = new HashSet<>(blocks.values());
        peers.forEach(peer -> trust.merge(peer, BAD_PIECE, Integer::sum));
        if (peers.size() == 1) {
            return new Verdict<>(ban(peers), Set.of());
        }
        FailedPiece<P> failed = failures.computeIfAbsent(piece, p -> new FailedPiece<>(data.length));
        blocks.forEach(
                (offset, peer) -> failed.remember(peer, offset, data, Math.min(Blocks.SIZE, data.length - offset)));
        peers.forEach(failed::penalise);
        return new Verdict<>(forgetBeyondMemory(), Set.of());
    }

    /**
     * The piece passed its check. If it had failed before, its good blocks are read through {@code good} and compared
     * with what each earlier contributor sent.
     */
    public synchronized Verdict<P> pieceVerified(int piece, BlockReader good) throws IOException {
        Map<Integer, P> blocks = contributors.remove(piece);
        if (blocks != null) {
            new HashSet<>(blocks.values()).forEach(peer -> trust.merge(peer, GOOD_PIECE, Integer::sum));
        }
        FailedPiece<P> failed = failures.remove(piece);
        if (failed == null) {
            return Verdict.none();
        }
        Set<P> guilty = new HashSet<>();
        Set<P> matched = new HashSet<>();
        for (var block : failed.digests().entrySet()) {
            int offset = block.getKey();
            byte[] data = good.read(offset, failed.blockLength(offset));
            byte[] goodDigest = FailedPiece.sha1(data, 0, data.length);
            block.getValue().forEach((peer, sent) -> {
                boolean allGood = sent.stream().allMatch(digest -> Arrays.equals(digest, goodDigest));
                (allGood ? matched : guilty).add(peer);
            });
        }
        matched.removeAll(guilty);
        matched.forEach(
                peer -> trust.merge(peer, -BAD_PIECE * failed.penalties().get(peer), Integer::sum));
        return new Verdict<>(ban(guilty), Set.copyOf(matched));
    }

    /** Whether {@code peer} is banned. */
    public synchronized boolean isBanned(P peer) {
        return banned.contains(peer);
    }

    /** The trust points of {@code peer}, counting unresolved penalties; 0 for a peer never seen. */
    public synchronized int trust(P peer) {
        return trust.getOrDefault(peer, 0);
    }

    /** Forgets the oldest failures beyond the policy's bound; their penalties settle and may reach the threshold. */
    private Set<P> forgetBeyondMemory() {
        Set<P> settled = new HashSet<>();
        while (failures.size() > policy.rememberedFailures()) {
            var oldest = failures.entrySet().iterator();
            settled.addAll(oldest.next().getValue().penalties().keySet());
            oldest.remove();
        }
        Set<P> overThreshold = new HashSet<>();
        for (P peer : settled) {
            if (trust(peer) + pendingRefund(peer) <= policy.banThreshold()) {
                overThreshold.add(peer);
            }
        }
        return ban(overThreshold);
    }

    /** Two points per remembered failure of {@code peer}: what it would get back if all of them cleared it. */
    private int pendingRefund(P peer) {
        int refund = 0;
        for (FailedPiece<P> failed : failures.values()) {
            refund += -BAD_PIECE * failed.penalties().getOrDefault(peer, 0);
        }
        return refund;
    }

    private Set<P> ban(Set<P> peers) {
        Set<P> newly = new HashSet<>();
        for (P peer : peers) {
            if (banned.add(peer)) {
                newly.add(peer);
            }
        }
        return Set.copyOf(newly);
    }
}
