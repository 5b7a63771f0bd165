package org.ossnet.announce;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.ossnet.announce.peerstore.PeerStore;

/**
 * The engine's meters: {@code ossnet.announce.requests} by {@code outcome} ({@code ok}, {@code refused},
 * {@code invalid}; each entry of a batch counts as one), and the gauges {@code ossnet.announce.swarms}
 * and {@code ossnet.announce.peers}.
 */
public final class AnnounceMetrics {

    private final Counter ok;
    private final Counter refused;
    private final Counter invalid;

    /** Registers the meters for {@code store} in {@code registry}. */
    public AnnounceMetrics(MeterRegistry registry, PeerStore store) {
        ok = counter(registry, "ok");
        refused = counter(registry, "refused");
        invalid = counter(registry, "invalid");
        Gauge.builder("ossnet.announce.swarms", store, PeerStore::swarms)
                .description("Swarms held in memory")
                .register(registry);
        Gauge.builder("ossnet.announce.peers", store, s -> (double) s.peers())
                .description("Peers in all swarms")
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("ossnet.announce.requests")
                .description("Announces by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    void ok() {
        ok.increment();
    }

    void refused() {
        refused.increment();
    }

    void invalid() {
        invalid.increment();
    }
}
