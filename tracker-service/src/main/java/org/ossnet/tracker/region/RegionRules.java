package org.ossnet.tracker.region;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.ossnet.core.net.Cidr;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.service.problem.ApiProblem;

/** What a region and a cost table must be, checked before anything is stored; a 400 names the member at fault. */
final class RegionRules {

    /** The limits of what a region authority can carry, so every region defined here can be delegated. */
    static final Pattern NAME = RegionAuthority.NAME;

    static final int MAX_PREFIXES = RegionAuthority.MAX_PREFIXES;

    static final long MAX_COST = RegionAuthority.MAX_COST;

    private RegionRules() {}

    static String name(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiProblem.invalid(
                    "name",
                    "A region's name is 1 to 63 lower-case letters, digits and inner hyphens, such as eu-west.");
        }
        return name;
    }

    /** The prefixes, parsed; refused when missing, malformed, or overlapping one another. */
    static List<Cidr> prefixes(RegionRequest request) {
        List<String> texts = request == null ? null : request.prefixes();
        if (texts == null || texts.isEmpty() || texts.size() > MAX_PREFIXES) {
            throw ApiProblem.invalid(
                    "prefixes", "prefixes must list 1 to " + MAX_PREFIXES + " CIDR prefixes, such as 127.1.0.0/16.");
        }
        List<Cidr> prefixes = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String member = "prefixes[" + i + "]";
            if (texts.get(i) == null) {
                throw ApiProblem.invalid(member, member + " must be a CIDR prefix, not null.");
            }
            Cidr prefix;
            try {
                prefix = Cidr.parse(texts.get(i));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalid(member, member + ": " + e.getMessage());
            }
            for (int j = 0; j < prefixes.size(); j++) {
                if (prefixes.get(j).overlaps(prefix)) {
                    throw ApiProblem.invalid(
                            member, member + " " + prefix + " overlaps prefixes[" + j + "] " + prefixes.get(j) + ".");
                }
            }
            prefixes.add(prefix);
        }
        return prefixes;
    }

    /** The table, checked against the regions that exist: known names, each pair once, costs in range. */
    static CostTable costs(CostTable table, Set<String> regions) {
        if (table == null) {
            throw ApiProblem.badRequest("The body must be a cost table: {\"defaultCost\": …, \"costs\": […]}.");
        }
        cost("defaultCost", table.defaultCost());
        List<CostTable.Cost> costs = table.costs() == null ? List.of() : table.costs();
        Set<String> pairs = new HashSet<>();
        for (int i = 0; i < costs.size(); i++) {
            String member = "costs[" + i + "]";
            CostTable.Cost cost = costs.get(i);
            if (cost == null) {
                throw ApiProblem.invalid(member, member + " must be an entry, not null.");
            }
            known(member + ".from", cost.from(), regions);
            known(member + ".to", cost.to(), regions);
            cost(member + ".cost", cost.cost());
            if (!pairs.add(cost.from() + "\n" + cost.to())) {
                throw ApiProblem.invalid(
                        member, member + " lists " + cost.from() + " to " + cost.to() + " a second time.");
            }
        }
        return new CostTable(table.defaultCost(), List.copyOf(costs));
    }

    private static void known(String member, String region, Set<String> regions) {
        if (region == null || !regions.contains(region)) {
            throw ApiProblem.invalid(member, member + " must name a region defined here: " + region + " is not one.");
        }
    }

    private static void cost(String member, Long cost) {
        if (cost == null || cost < 0 || cost > MAX_COST) {
            throw ApiProblem.invalid(member, member + " must be a whole number from 0 to " + MAX_COST + ".");
        }
    }
}
