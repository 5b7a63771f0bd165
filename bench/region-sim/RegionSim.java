import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.ossnet.announce.peerhandoutpolicy.DefaultHandoutPolicy;
import org.ossnet.announce.peerhandoutpolicy.HandoutPolicy;
import org.ossnet.announce.region.RegionHandoutConfig;
import org.ossnet.announce.region.RegionHandoutPolicy;
import org.ossnet.announce.region.RegionMetrics;

/**
 * The region hand-out simulation (a model, not a test): one flash crowd per policy over the same world, then a table of
 * random beside OSSNET's region-aware hand-out, and the same without its starvation guard. See docs/BENCHMARKS.md.
 */
public final class RegionSim {

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        Scenario s = new Scenario();
        System.out.println("Region hand-out simulation: " + s.describe());
        String variants = System.getenv().getOrDefault("VARIANTS", "random ossnet noguard");
        List<Result> results = new ArrayList<>();
        for (String variant : variants.trim().split("\\s+")) {
            Function<SimpleMeterRegistry, HandoutPolicy> policy = switch (variant) {
                case "random" -> registry -> new DefaultHandoutPolicy(new SplittableRandom(s.seed));
                case "ossnet" -> registry -> region(s, registry, new RegionHandoutConfig(4, 0.25, s.scanMin, s.scanPerWanted));
                case "noguard" -> registry -> region(s, registry, new RegionHandoutConfig(0, 0.25, s.scanMin, s.scanPerWanted));
                default -> throw new IllegalArgumentException("unknown variant " + variant);
            };
            String label = switch (variant) {
                case "random" -> "random (DefaultHandoutPolicy)";
                case "ossnet" -> "OSSNET (RegionHandoutPolicy)";
                default -> "OSSNET, guard off";
            };
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            long start = System.nanoTime();
            Result result = new SimSwarm(s, policy.apply(registry), label).run();
            result.wallSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("  %-30s %d simulated s, %.1f s wall%s%n", label, result.seconds, result.wallSeconds,
                    metricsLine(registry));
            results.add(result);
        }
        Report.print(results);
    }

    private static HandoutPolicy region(Scenario s, SimpleMeterRegistry registry, RegionHandoutConfig config) {
        RegionMetrics metrics = new RegionMetrics(registry, s.regions);
        return new RegionHandoutPolicy(s.costs, config, metrics, new SplittableRandom(s.seed));
    }

    /** The policy's own cross-region hand-out count, from its meters: it must agree with the simulation's. */
    private static String metricsLine(SimpleMeterRegistry registry) {
        double cross = 0;
        double all = 0;
        for (var counter : registry.find("ossnet.announce.region.handouts").counters()) {
            all += counter.count();
            if ("true".equals(counter.getId().getTag("cross"))) {
                cross += counter.count();
            }
        }
        return all == 0 ? "" : String.format("; ossnet.announce.region.handouts: %.1f %% cross", 100 * cross / all);
    }
}
