package org.ossnet.announce.region;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.LongSupplier;
import org.ossnet.announce.peerstore.InMemoryPeerStore;

/**
 * The hand-out's meters per region, tagged {@code region} with the requester's region name, or {@code none} outside
 * every region, so the tags are bounded by the configured regions: {@code ossnet.announce.region.announces} (every
 * announce the store takes, whether it asks for peers or not; the membership exchange's samples are none), {@code ossnet.announce.region.handouts} (peers handed out, tagged {@code cross=true} when the
 * peer is not in the requester's region, and always for a requester in none), and, given a store, the gauge {@code
 * ossnet.announce.region.peers} (peers that may be handed out, by their own region).
 *
 * <p>The policy sees candidates, not the store, so the peer gauge is counted when it is read: one walk of the store's
 * addresses, O(peers), serves every region's gauge for a second, so a scrape costs one walk and announces none.
 */
public final class RegionMetrics {

    /** The tag value for addresses in no region. */
    public static final String NONE = "none";

    static final long PEER_COUNT_TTL_NANOS = 1_000_000_000L;

    private final RegionMap regions;
    /** By region index plus one; 0 is none. */
    private final Counter[] announces;

    private final Counter[] local;
    private final Counter[] cross;
    private final InMemoryPeerStore store;
    private final LongSupplier nanoClock;
    private long[] peers;
    private long countedAt;

    /** Registers the counters only, with no peer gauge. */
    public RegionMetrics(MeterRegistry registry, RegionMap regions) {
        this(registry, regions, null, System::nanoTime);
    }

    /** Registers the counters and the peers-per-region gauge over {@code store}. */
    public RegionMetrics(MeterRegistry registry, RegionMap regions, InMemoryPeerStore store) {
        this(registry, regions, store, System::nanoTime);
    }

    RegionMetrics(MeterRegistry registry, RegionMap regions, InMemoryPeerStore store, LongSupplier nanoClock) {
        this.regions = regions;
        this.store = store;
        this.nanoClock = nanoClock;
        int size = regions.size() + 1;
        announces = new Counter[size];
        local = new Counter[size];
        cross = new Counter[size];
        for (int i = 0; i < size; i++) {
            String name = tag(i - 1);
            announces[i] = Counter.builder("ossnet.announce.region.announces")
                    .description("Announces, by the announcing peer's region")
                    .tag("region", name)
                    .register(registry);
            local[i] = handouts(registry, name, false);
            cross[i] = handouts(registry, name, true);
            if (store != null) {
                int index = i;
                Gauge.builder("ossnet.announce.region.peers", this, m -> m.peers(index))
                        .description("Peers that may be handed out, by their region")
                        .tag("region", name)
                        .register(registry);
            }
        }
    }

    /** The region map the tags come from. */
    public RegionMap regions() {
        return regions;
    }

    void announced(int region) {
        announces[region + 1].increment();
    }

    void handedOut(int region, int sameRegion, int otherRegions) {
        if (sameRegion > 0) {
            local[region + 1].increment(sameRegion);
        }
        if (otherRegions > 0) {
            cross[region + 1].increment(otherRegions);
        }
    }

    /** Peers in region {@code index - 1}, from a count at most a second old. */
    synchronized double peers(int index) {
        long now = nanoClock.getAsLong();
        if (peers == null || now - countedAt >= PEER_COUNT_TTL_NANOS) {
            long[] counted = new long[regions.size() + 1];
            store.forEachHandOutAddress(address -> counted[regions.regionOf(address) + 1]++);
            peers = counted;
            countedAt = now;
        }
        return peers[index];
    }

    private String tag(int region) {
        return region < 0 ? NONE : regions.name(region);
    }

    private static Counter handouts(MeterRegistry registry, String region, boolean cross) {
        return Counter.builder("ossnet.announce.region.handouts")
                .description("Peers handed out, by the requester's region and whether they are in another")
                .tag("region", region)
                .tag("cross", Boolean.toString(cross))
                .register(registry);
    }
}
