package org.ossnet.announce.region;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ossnet.announce.peerhandoutpolicy.Candidates;
import org.ossnet.announce.peerhandoutpolicy.DefaultHandoutPolicy;
import org.ossnet.announce.peerhandoutpolicy.HandoutPolicy;
import org.ossnet.announce.peerhandoutpolicy.Requester;
import org.ossnet.announce.peerstore.InMemoryPeerStore;

/**
 * The hand-out of a tracker whose regions change while it runs: {@link RegionHandoutPolicy} over the regions and costs
 * last given to {@link #update}, or {@link DefaultHandoutPolicy} while there are none. Swapping is one volatile write;
 * an announce uses whichever policy it read. The peers-per-region gauge ({@code ossnet.announce.region.peers}) is
 * registered here, once per region name ever seen, and counts by the current regions.
 */
public final class RegionalHandout implements HandoutPolicy {

    private final MeterRegistry registry;
    private final InMemoryPeerStore store;
    private final RegionHandoutConfig config;
    private final boolean byRegion;
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();
    private volatile HandoutPolicy current = new DefaultHandoutPolicy();
    private volatile RegionMap regions = RegionMap.EMPTY;
    private RegionMap counted;
    private long[] peers;
    private long countedAt;

    /** A hand-out with no regions yet, counting peers in {@code store} (null for no gauge). */
    public RegionalHandout(MeterRegistry registry, InMemoryPeerStore store, RegionHandoutConfig config) {
        this(registry, store, config, true);
    }

    /**
     * As {@link #RegionalHandout(MeterRegistry, InMemoryPeerStore, RegionHandoutConfig)}; with {@code byRegion} false
     * it hands out at random whatever the regions (the baseline the region benches and tests compare against), still
     * counting peers per region.
     */
    public RegionalHandout(
            MeterRegistry registry, InMemoryPeerStore store, RegionHandoutConfig config, boolean byRegion) {
        this.registry = registry;
        this.store = store;
        this.config = config;
        this.byRegion = byRegion;
    }

    /** From now on, hands out by these regions and costs (none: at random, as the default policy). */
    public void update(RegionCosts costs) {
        RegionMap map = costs.regions();
        current = map.size() == 0 || !byRegion
                ? new DefaultHandoutPolicy()
                : new RegionHandoutPolicy(costs, config, new RegionMetrics(registry, map));
        regions = map;
        if (store != null) {
            gauge(RegionMetrics.NONE);
            map.names().forEach(this::gauge);
        }
    }

    /** The regions hand-outs follow now. */
    public RegionMap regions() {
        return regions;
    }

    @Override
    public int choose(Candidates candidates, Requester requester, int wanted) {
        return current.choose(candidates, requester, wanted);
    }

    @Override
    public void announced(byte[] address) {
        current.announced(address);
    }

    private void gauge(String name) {
        if (gauged.add(name)) {
            Gauge.builder("ossnet.announce.region.peers", this, h -> h.peers(name))
                    .description("Peers that may be handed out, by their region")
                    .tag("region", name)
                    .register(registry);
        }
    }

    /** Peers in region {@code name} now, from one walk of the store at most a second old. */
    private synchronized double peers(String name) {
        RegionMap map = regions;
        long now = System.nanoTime();
        if (peers == null || counted != map || now - countedAt >= RegionMetrics.PEER_COUNT_TTL_NANOS) {
            long[] fresh = new long[map.size() + 1];
            store.forEachHandOutAddress(address -> fresh[map.regionOf(address) + 1]++);
            peers = fresh;
            counted = map;
            countedAt = now;
        }
        if (name.equals(RegionMetrics.NONE)) {
            return peers[0];
        }
        int index = map.indexOf(name);
        return index < 0 ? 0 : peers[index + 1];
    }
}
