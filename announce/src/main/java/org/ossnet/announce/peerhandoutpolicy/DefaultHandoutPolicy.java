package org.ossnet.announce.peerhandoutpolicy;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Seeds first for leechers, leechers first for seeds: a leecher gets seeds for up to three quarters
 * of what it wants and leechers for the rest, each side filling in when the other runs short; a seed
 * gets leechers, then seeds when leechers run short. A "seed" is only a peer that announced {@code
 * left=0}, and a client fetching a magnet link's metadata (BEP 9) does that before it knows the size
 * (aria2 does; libtorrent says 16 KiB instead): given leechers only, it would never meet the seeds
 * it needs. Within a pool the peers are a random run, so the cost is O(wanted), not O(swarm).
 */
public final class DefaultHandoutPolicy implements HandoutPolicy {

    private final RandomGenerator random;

    /** A policy drawing from the thread's own random generator. */
    public DefaultHandoutPolicy() {
        this(null);
    }

    /** A policy drawing from {@code random}, or the thread's own generator when null (tests pass a seeded one). */
    public DefaultHandoutPolicy(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public int choose(Candidates candidates, Requester requester, int wanted) {
        if (wanted <= 0) {
            return 0;
        }
        if (requester.seed()) {
            int given = take(candidates, Pool.LEECHERS, wanted, start(candidates, Pool.LEECHERS), 0);
            return given + take(candidates, Pool.SEEDS, wanted - given, start(candidates, Pool.SEEDS), 0);
        }
        int seeds = candidates.count(Pool.SEEDS);
        int leechers = candidates.count(Pool.LEECHERS);
        int forLeechers = Math.min(leechers, wanted / 4);
        int seedStart = start(candidates, Pool.SEEDS);
        int given = take(candidates, Pool.SEEDS, Math.min(seeds, wanted - forLeechers), seedStart, 0);
        int fromSeeds = given;
        given += take(candidates, Pool.LEECHERS, wanted - given, start(candidates, Pool.LEECHERS), 0);
        if (given < wanted) {
            // Leechers ran short: continue the run of seeds where it stopped.
            given += take(candidates, Pool.SEEDS, wanted - given, seedStart, fromSeeds);
        }
        return given;
    }

    private int start(Candidates candidates, Pool pool) {
        int count = candidates.count(pool);
        return count <= 1 ? 0 : generator().nextInt(count);
    }

    /**
     * Hands out up to {@code want} peers of a pool walking from {@code start + skip}, wrapping once, in runs of
     * neighbours (broken only by the requester and the wrap), so a store can copy each run at once.
     */
    private static int take(Candidates candidates, Pool pool, int want, int start, int skip) {
        int count = candidates.count(pool);
        int given = 0;
        int seen = 0;
        int runStart = 0;
        int runLength = 0;
        for (int step = 0; step < count && given < want; step++) {
            int index = start + step < count ? start + step : start + step - count;
            boolean give = !candidates.isRequester(pool, index) && seen++ >= skip;
            if (runLength > 0 && (!give || index != runStart + runLength)) {
                candidates.handOut(pool, runStart, runLength);
                runLength = 0;
            }
            if (give) {
                runStart = runLength == 0 ? index : runStart;
                runLength++;
                given++;
            }
        }
        if (runLength > 0) {
            candidates.handOut(pool, runStart, runLength);
        }
        return given;
    }

    private RandomGenerator generator() {
        return random != null ? random : ThreadLocalRandom.current();
    }
}
