import java.util.List;

/** Prints the runs side by side, the last column each run over the first (random). */
final class Report {

    private Report() {}

    static void print(List<Result> results) {
        Result base = results.get(0);
        StringBuilder head = new StringBuilder("| measure |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Result r : results) {
            head.append(' ').append(r.label).append(" |");
            rule.append("---:|");
        }
        for (Result r : results.subList(1, results.size())) {
            head.append(' ').append(shortLabel(r)).append(" / random |");
            rule.append("---:|");
        }
        System.out.println();
        System.out.println(head);
        System.out.println(rule);
        row(results, base, "completion p50 (s after arrival)", r -> Result.percentile(r.times, 0.5), "%.0f");
        row(results, base, "completion p90 (s)", r -> Result.percentile(r.times, 0.9), "%.0f");
        row(results, base, "completion max (s)", r -> Result.percentile(r.times, 1.0), "%.0f");
        row(results, base, "last peer done (s after the first arrived)", r -> r.seconds, "%.0f");
        row(results, base, "unfinished peers", r -> r.unfinished, "%.0f");
        row(results, base, "origin egress (file copies)", r -> r.copies(r.originPieces), "%.1f");
        row(results, base, "all bytes moved (file copies)", r -> r.copies(r.pieces), "%.0f");
        row(results, base, "cross-region bytes (file copies)", r -> r.copies(r.crossPieces), "%.0f");
        row(results, base, "cross-region share of bytes (%)", r -> 100.0 * r.crossPieces / r.pieces, "%.1f");
        row(results, base, "cross-continent bytes (file copies)", r -> r.copies(r.crossContinentPieces), "%.0f");
        row(results, base, "cost-weighted bytes (cost × copies)", r -> r.copies(r.costWeighted), "%.0f");
        row(results, base, "hand-outs to another region (%)", r -> 100.0 * r.crossHandouts / r.handouts, "%.1f");
        row(results, base, "slowest region's p90 / swarm p90", r -> Result.percentile(r.regionTimes[r.slowestRegion()], 0.9)
                / Result.percentile(r.times, 0.9), "%.2f");
        row(results, base, "announces", r -> r.announces, "%.0f");
        row(results, base, "store + policy time per announce (µs)", r -> r.announceNanos / 1e3 / r.announces, "%.1f");
        row(results, base, "simulation wall time (s)", r -> r.wallSeconds, "%.0f");

        System.out.println();
        StringBuilder regionHead = new StringBuilder("| region (peers) |");
        StringBuilder regionRule = new StringBuilder("|---|");
        for (Result r : results) {
            regionHead.append(" into it, copies: ").append(shortLabel(r)).append(" |");
            regionRule.append("---:|");
        }
        for (Result r : results) {
            regionHead.append(" p50 / p90 s: ").append(shortLabel(r)).append(" |");
            regionRule.append("---:|");
        }
        System.out.println(regionHead);
        System.out.println(regionRule);
        for (int g = 0; g < base.regionCount; g++) {
            StringBuilder line = new StringBuilder(
                    String.format("| %s (%,d) |", Scenario.NAMES[g], base.regionTimes[g].length));
            for (Result r : results) {
                line.append(String.format(" %.1f |", r.copies(r.crossInto[g])));
            }
            for (Result r : results) {
                line.append(String.format(" %.0f / %.0f |", Result.percentile(r.regionTimes[g], 0.5),
                        Result.percentile(r.regionTimes[g], 0.9)));
            }
            System.out.println(line);
        }
    }

    private static String shortLabel(Result r) {
        return r.label.startsWith("random") ? "random" : r.label.contains("guard off") ? "no guard" : "OSSNET";
    }

    private static void row(List<Result> results, Result base, String name, Measure measure, String format) {
        StringBuilder line = new StringBuilder("| ").append(name).append(" |");
        for (Result r : results) {
            line.append(' ').append(String.format(format, measure.of(r))).append(" |");
        }
        double baseValue = measure.of(base);
        for (Result r : results.subList(1, results.size())) {
            double value = measure.of(r);
            line.append(baseValue == 0 ? " – |" : String.format(" %.2fx |", value / baseValue));
        }
        System.out.println(line);
    }

    private interface Measure {
        double of(Result r);
    }
}
