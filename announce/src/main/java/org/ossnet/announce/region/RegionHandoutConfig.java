package org.ossnet.announce.region;

/**
 * The parameters of {@link RegionHandoutPolicy}.
 *
 * @param enoughLocalSeeds the seeds of its own region a leecher must see in the scanned window for the starvation
 *     guard to stay off (default 4); 0 turns the guard off
 * @param outsideSeedShare the least share of a guarded leecher's hand-out that is seeds from other regions, from more
 *     than 0 to 1, rounded up and at least one peer (default 0.25)
 * @param scanMin the fewest candidates scanned per pool, the whole pool when it is smaller (default 256)
 * @param scanPerWanted candidates scanned per pool for each peer wanted, when that is more than {@code scanMin}
 *     (default 8)
 */
public record RegionHandoutConfig(int enoughLocalSeeds, double outsideSeedShare, int scanMin, int scanPerWanted) {

    /** The defaults above. */
    public static final RegionHandoutConfig DEFAULTS = new RegionHandoutConfig(4, 0.25, 256, 8);

    public RegionHandoutConfig {
        if (enoughLocalSeeds < 0) {
            throw new IllegalArgumentException("enoughLocalSeeds must be 0 or more");
        }
        if (!(outsideSeedShare > 0 && outsideSeedShare <= 1)) {
            throw new IllegalArgumentException("outsideSeedShare must be more than 0 and at most 1");
        }
        if (scanMin < 1 || scanPerWanted < 1) {
            throw new IllegalArgumentException("scanMin and scanPerWanted must be 1 or more");
        }
    }

    /** How many candidates of a pool of {@code count} to scan for {@code wanted} peers. */
    int window(int count, int wanted) {
        long scan = Math.max(scanMin, (long) scanPerWanted * wanted);
        return (int) Math.min(count, scan);
    }

    /** How many of {@code wanted} peers the guard keeps for seeds from other regions. */
    int outsideSeeds(int wanted) {
        return (int) Math.min(wanted, Math.max(1, (long) Math.ceil(outsideSeedShare * wanted)));
    }
}
