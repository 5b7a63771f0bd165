package org.ossnet.agent.swarm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whom to unchoke each round, as BitTorrent's reference choker does.
 *
 * <p>While leeching, the {@code slots} interested peers that uploaded to us fastest are unchoked (reciprocation), plus
 * one optimistic unchoke that moves on every {@code optimisticRounds} rounds so newcomers get a chance to prove
 * themselves. While seeding nobody uploads to us, so the slots go round-robin: each round the window moves on by
 * {@code slots}, and every interested leecher gets turns. A seed with at most twice its slots of interested peers
 * unchokes them all: its upload is split among them either way, and a leecher kept waiting for its turn can neither
 * download nor pass pieces on (with a capped upload, more unchoked peers cost no more bandwidth).
 *
 * <p>Peers of this agent's region ({@link SwarmConfig#near}) come first: while leeching, the slots go to interested near
 * peers before farther ones (by rate within each), and while seeding the turns go round the near ones first, farther
 * ones taking the slots near ones leave. Near peers then unchoke each other, so what one of them has spreads inside the
 * region instead of crossing again; the optimistic unchoke still goes round everybody, so no region is starved.
 *
 * <p>Pure decisions, no I/O; one round at a time from the session's housekeeping thread.
 *
 * @param <P> the caller's identity for a peer
 */
final class Choker<P> {

    /** An interested peer that may be unchoked, with the rate it uploads to us, and whether it is in our region. */
    record Candidate<P>(P peer, long downloadRate, boolean near) {

        /** A peer of no particular region. */
        Candidate(P peer, long downloadRate) {
            this(peer, downloadRate, false);
        }
    }

    private final int slots;
    private final int optimisticRounds;
    private long round;
    private int cursor;
    private int nearCursor;
    private int optimisticCursor;
    private P optimistic;

    Choker(int slots, int optimisticRounds) {
        this.slots = slots;
        this.optimisticRounds = Math.max(1, optimisticRounds);
    }

    /** The peers to have unchoked this round; the others are choked. {@code candidates} come in a stable order. */
    Set<P> select(List<Candidate<P>> candidates, boolean seeding) {
        long thisRound = round++;
        if (candidates.size() <= unchokeAllUpTo(seeding)) {
            return candidates.stream().map(Candidate::peer).collect(java.util.stream.Collectors.toSet());
        }
        return seeding ? roundRobin(candidates) : reciprocate(candidates, thisRound);
    }

    /**
     * A near peer became interested while every slot is taken: the farther peer it takes the slot of at once (the one
     * sending us least), rather than waiting for the next round, so hosts of a region serve each other from the start.
     * Empty for a farther newcomer, or when only near peers are unchoked.
     */
    Optional<P> displacedBy(Candidate<P> newcomer, List<Candidate<P>> unchoked) {
        if (!newcomer.near()) {
            return Optional.empty();
        }
        return unchoked.stream()
                .filter(c -> !c.near())
                .min(Comparator.comparingLong(Candidate::downloadRate))
                .map(Candidate::peer);
    }

    /** While there are at most this many interested peers, every one of them is unchoked. */
    int unchokeAllUpTo(boolean seeding) {
        return seeding ? Math.max(slots + 1, 2 * slots) : slots + 1;
    }

    private Set<P> roundRobin(List<Candidate<P>> candidates) {
        List<Candidate<P>> near = candidates.stream().filter(Candidate::near).toList();
        List<Candidate<P>> far = candidates.stream().filter(c -> !c.near()).toList();
        Set<P> chosen = new LinkedHashSet<>();
        if (near.isEmpty()) {
            int start = cursor % candidates.size();
            for (int i = 0; i <= slots; i++) {
                chosen.add(candidates.get((start + i) % candidates.size()).peer());
            }
            cursor = start + slots;
            return chosen;
        }
        {
            int start = nearCursor % near.size();
            int taken = Math.min(slots + 1, near.size());
            for (int i = 0; i < taken; i++) {
                chosen.add(near.get((start + i) % near.size()).peer());
            }
            nearCursor = start + taken;
        }
        if (!far.isEmpty() && chosen.size() <= slots) { // near ones left slots over
            int start = cursor % far.size();
            int taken = Math.min(slots + 1 - chosen.size(), far.size());
            for (int i = 0; i < taken; i++) {
                chosen.add(far.get((start + i) % far.size()).peer());
            }
            cursor = start + taken;
        }
        return chosen;
    }

    private Set<P> reciprocate(List<Candidate<P>> candidates, long thisRound) {
        List<Candidate<P>> byRate = new ArrayList<>(candidates);
        byRate.sort(Comparator.comparing((Candidate<P> c) -> !c.near())
                .thenComparing(
                        Comparator.comparingLong(Candidate<P>::downloadRate).reversed()));
        Set<P> chosen = new LinkedHashSet<>();
        byRate.subList(0, slots).forEach(c -> chosen.add(c.peer()));
        List<P> rest = candidates.stream()
                .map(Candidate::peer)
                .filter(p -> !chosen.contains(p))
                .toList();
        if (thisRound % optimisticRounds == 0 || !rest.contains(optimistic)) {
            optimistic = rest.get(optimisticCursor++ % rest.size());
        }
        chosen.add(optimistic);
        return chosen;
    }
}
