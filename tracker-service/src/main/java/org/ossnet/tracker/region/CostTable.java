package org.ossnet.tracker.region;

import java.util.List;

/**
 * The relative price of moving a byte from one region to another, set whole by {@code PUT /api/v1/region-costs}.
 * Prices are whole numbers (say 1 within a continent, 10 across an ocean): they go into signed documents as they are.
 *
 * @param defaultCost what a byte costs between two different regions the table does not list
 * @param costs the listed pairs, each at most once; a byte within one region costs 0 unless listed
 */
public record CostTable(Long defaultCost, List<Cost> costs) {

    /**
     * One entry.
     *
     * @param from the region the byte leaves
     * @param to the region it reaches
     * @param cost its relative price, a whole number from 0 to 1,000,000
     */
    public record Cost(String from, String to, Long cost) {}
}
