package org.ossnet.announce.listener;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The listener's meters: the gauge {@code ossnet.announce.listener.connections} (open now), the
 * counters {@code ossnet.announce.listener.accepted}, {@code ossnet.announce.listener.overflow}
 * (closed at once because {@code max-connections} were open) and {@code
 * ossnet.announce.listener.refused} by {@code status} (400, 404, 405, 408, 414, 431, 505). Announces
 * themselves are counted by the engine in {@code ossnet.announce.requests}.
 */
final class ListenerMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter accepted;
    private final Counter overflow;

    ListenerMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("ossnet.announce.listener.connections", open, AtomicInteger::get)
                .description("Connections open on the announce listener")
                .register(registry);
        accepted = Counter.builder("ossnet.announce.listener.accepted")
                .description("Connections accepted by the announce listener")
                .register(registry);
        overflow = Counter.builder("ossnet.announce.listener.overflow")
                .description("Connections closed at once because max-connections were open")
                .register(registry);
    }

    /** Counts a new connection unless {@code max} are open already. */
    boolean tryOpen(int max) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            overflow.increment();
            return false;
        }
        accepted.increment();
        return true;
    }

    void closed() {
        open.decrementAndGet();
    }

    int open() {
        return open.get();
    }

    void refused(int status) {
        Counter.builder("ossnet.announce.listener.refused")
                .description("Requests refused by the announce listener, by status")
                .tag("status", Integer.toString(status))
                .register(registry)
                .increment();
    }
}
