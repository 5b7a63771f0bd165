package org.ossnet.announce.region;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.ossnet.announce.peerhandoutpolicy.Candidates;
import org.ossnet.announce.peerhandoutpolicy.HandoutPolicy;
import org.ossnet.announce.peerhandoutpolicy.Pool;
import org.ossnet.announce.peerhandoutpolicy.Requester;

/**
 * Hands out peers near the requester first, so bytes stay inside a region where they can, without letting a region
 * that has too few seeds of its own starve.
 *
 * <p>Candidates are ranked by region: the requester's own region first, then the others by ascending cost (peers in no
 * region at the default cost), regions of equal cost together. For a leecher the cost is that of a byte from the
 * candidate's region to the requester's; for a seed, from the requester's region to the candidate's, since it is the
 * one that will send.
 *
 * <ul>
 *   <li>A leecher is handed out rank by rank. Within a rank it gets seeds for up to three quarters of what is still
 *       wanted and leechers for the rest, each filling in for the other, as {@link
 *       org.ossnet.announce.peerhandoutpolicy.DefaultHandoutPolicy} does for the whole swarm (and for its reason: a
 *       magnet client fetching metadata announces as a seed and must still meet seeds and leechers alike).
 *   <li>The starvation guard: when the leecher sees fewer than {@code enoughLocalSeeds} seeds of its own region, it
 *       first gets at least {@code outsideSeedShare} of what it wants (at least one) as seeds from other regions,
 *       cheapest first, when there are any. A requester in no region has no region to starve, and every peer is
 *       already outside it, so it is not guarded. Without it a region whose neighbours have no seeds either hears only of
 *       its own and its neighbours' leechers and never of the origin: Kraken's topology-aware hand-out let one group
 *       of agents take every origin connection and starve the other (uber/kraken#244).
 *   <li>A seed gets leechers rank by rank, its own region's first, so seeds feed their region; then seeds the same way
 *       when leechers run short.
 * </ul>
 *
 * <p>Bounded cost: of each pool only a window of {@code max(scanMin, scanPerWanted × wanted)} candidates is scanned,
 * from a random start and wrapping, and the best of it handed out; an announce to a swarm of 100,000 peers reads at
 * most 400 of each pool for 50 wanted. The cost is O(window + regions) per announce, plus two tables of
 * (regions + 1)² ranks built once. Ties within a rank fall to the window's random start.
 */
public final class RegionHandoutPolicy implements HandoutPolicy {

    private final RegionMap regions;
    private final RegionHandoutConfig config;
    private final RegionMetrics metrics;
    private final RandomGenerator random;
    /** For a leecher in region {@code r}, row {@code r + 1}: the rank of a candidate by its region index plus one. */
    private final int[][] inboundRanks;
    /** The same for a seed, by the cost of sending to the candidate. */
    private final int[][] outboundRanks;

    private final int rankCount;

    /** A policy drawing from the thread's own random generator. */
    public RegionHandoutPolicy(RegionCosts costs, RegionHandoutConfig config, RegionMetrics metrics) {
        this(costs, config, metrics, null);
    }

    /** A policy drawing from {@code random}, or the thread's own generator when null (tests pass a seeded one). */
    public RegionHandoutPolicy(
            RegionCosts costs, RegionHandoutConfig config, RegionMetrics metrics, RandomGenerator random) {
        if (metrics.regions() != costs.regions()) {
            throw new IllegalArgumentException("the metrics and the costs must be of the same region map");
        }
        this.regions = costs.regions();
        this.config = config;
        this.metrics = metrics;
        this.random = random;
        int size = regions.size();
        inboundRanks = new int[size + 1][];
        outboundRanks = new int[size + 1][];
        for (int requester = -1; requester < size; requester++) {
            inboundRanks[requester + 1] = ranks(costs, requester, true);
            outboundRanks[requester + 1] = ranks(costs, requester, false);
        }
        // Rank 0 is the own region; other regions take ranks 1 to size at most, a peer in no region one more.
        rankCount = size + 2;
    }

    @Override
    public void announced(byte[] address) {
        metrics.announced(regions.regionOf(address));
    }

    @Override
    public int choose(Candidates candidates, Requester requester, int wanted) {
        int region = regions.regionOf(requester.address());
        if (wanted <= 0) {
            return 0;
        }
        int[] ranks = (requester.seed() ? outboundRanks : inboundRanks)[region + 1];
        CandidateWindow seeds = window(candidates, Pool.SEEDS, wanted, ranks);
        CandidateWindow leechers = window(candidates, Pool.LEECHERS, wanted, ranks);
        int given = 0;
        if (requester.seed()) {
            given = leechers.takeFrom(0, wanted);
            given += seeds.takeFrom(0, wanted - given);
        } else {
            if (region >= 0 && seeds.seen(0) < config.enoughLocalSeeds()) {
                given = seeds.takeFrom(1, config.outsideSeeds(wanted));
            }
            for (int rank = 0; rank < rankCount && given < wanted; rank++) {
                int remaining = wanted - given;
                int forLeechers = Math.min(leechers.seen(rank), remaining / 4);
                int fromSeeds = seeds.take(rank, remaining - forLeechers);
                given += fromSeeds + leechers.take(rank, remaining - fromSeeds);
                given += seeds.take(rank, wanted - given);
            }
        }
        metrics.handedOut(region, seeds.local() + leechers.local(), seeds.cross() + leechers.cross());
        return given;
    }

    private CandidateWindow window(Candidates candidates, Pool pool, int wanted, int[] ranks) {
        int size = config.window(candidates.count(pool), wanted);
        RandomGenerator generator = random != null ? random : ThreadLocalRandom.current();
        return new CandidateWindow(candidates, pool, size, regions, ranks, rankCount, generator);
    }

    /**
     * The ranks seen from region {@code requester} (-1 for none), by candidate region index plus one: 0 for its own
     * region, then 1, 2, … by ascending distinct cost.
     */
    private static int[] ranks(RegionCosts costs, int requester, boolean inbound) {
        int size = costs.regions().size();
        long[] cost = new long[size + 1];
        for (int candidate = -1; candidate < size; candidate++) {
            cost[candidate + 1] = inbound ? costs.cost(candidate, requester) : costs.cost(requester, candidate);
        }
        long[] distinct = Arrays.stream(cost).sorted().distinct().toArray();
        int[] ranks = new int[size + 1];
        for (int candidate = -1; candidate < size; candidate++) {
            ranks[candidate + 1] = candidate == requester && requester >= 0
                    ? 0
                    : 1 + Arrays.binarySearch(distinct, cost[candidate + 1]);
        }
        return ranks;
    }
}
