package org.ossnet.announce.region;

import java.util.Arrays;
import java.util.List;

/**
 * The relative price of moving a byte from one region to another, as the tracker's cost table sets it: a listed pair
 * costs what it lists; an unlisted pair of two regions costs {@code defaultCost}, and so does any pair with a peer in
 * no region; a byte within one region costs 0 unless listed. Immutable.
 */
public final class RegionCosts {

    /**
     * One listed pair.
     *
     * @param from the region the byte leaves
     * @param to the region it reaches
     * @param cost its relative price, 0 or more
     */
    public record Cost(String from, String to, long cost) {}

    private final RegionMap regions;
    private final long defaultCost;
    /** {@code cost(from, to)} at {@code from * size + to}. */
    private final long[] costs;

    /**
     * A table over {@code regions}.
     *
     * @throws IllegalArgumentException when a cost is negative, a name is not a region of the map, or a pair is listed
     *     twice
     */
    public RegionCosts(RegionMap regions, long defaultCost, List<Cost> listed) {
        if (defaultCost < 0) {
            throw new IllegalArgumentException("the default cost must be 0 or more");
        }
        int size = regions.size();
        this.regions = regions;
        this.defaultCost = defaultCost;
        this.costs = new long[size * size];
        Arrays.fill(costs, defaultCost);
        for (int i = 0; i < size; i++) {
            costs[i * size + i] = 0;
        }
        boolean[] set = new boolean[size * size];
        for (Cost cost : listed) {
            int from = known(regions, cost.from());
            int to = known(regions, cost.to());
            if (cost.cost() < 0) {
                throw new IllegalArgumentException(
                        "the cost from " + cost.from() + " to " + cost.to() + " is negative");
            }
            if (set[from * size + to]) {
                throw new IllegalArgumentException(cost.from() + " to " + cost.to() + " is listed twice");
            }
            set[from * size + to] = true;
            costs[from * size + to] = cost.cost();
        }
    }

    /** A table where every pair of different regions, and any peer in no region, costs {@code defaultCost}. */
    public static RegionCosts uniform(RegionMap regions, long defaultCost) {
        return new RegionCosts(regions, defaultCost, List.of());
    }

    /** The price of a byte from region {@code from} to region {@code to}; -1 for either means in no region. */
    public long cost(int from, int to) {
        if (from < 0 || to < 0) {
            return defaultCost;
        }
        return costs[from * regions.size() + to];
    }

    /** What a pair not listed, or with a peer in no region, costs. */
    public long defaultCost() {
        return defaultCost;
    }

    /** The regions the table prices. */
    public RegionMap regions() {
        return regions;
    }

    private static int known(RegionMap regions, String name) {
        int index = regions.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(name + " is not a region");
        }
        return index;
    }
}
