package org.ossnet.tracker.region;

import java.util.List;

/**
 * A cost region.
 *
 * @param name its name: lower-case letters, digits and inner hyphens, 1 to 63 characters (a DNS label)
 * @param prefixes its IPv4 and IPv6 prefixes in canonical form, such as {@code 127.1.0.0/16}
 */
public record Region(String name, List<String> prefixes) {

    public Region {
        prefixes = List.copyOf(prefixes);
    }

    /** Every region, with the cost table. */
    public record Listing(List<Region> regions, CostTable costs) {}
}
