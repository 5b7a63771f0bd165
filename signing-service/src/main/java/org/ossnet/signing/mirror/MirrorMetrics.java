package org.ossnet.signing.mirror;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The counter {@code ossnet.signing.mirror.credentials}, tagged {@code operation} ({@code enrol}, {@code issue},
 * {@code renew}, {@code revoke}) and {@code outcome} ({@code done} or {@code refused}). Every series is registered up
 * front, and no tag value comes from a request (never a mirror name).
 */
@Component
class MirrorMetrics {

    static final String NAME = "ossnet.signing.mirror.credentials";

    enum Operation {
        ENROL,
        ISSUE,
        RENEW,
        REVOKE
    }

    private final Map<Operation, Counter> done = new EnumMap<>(Operation.class);
    private final Map<Operation, Counter> refused = new EnumMap<>(Operation.class);

    MirrorMetrics(MeterRegistry registry) {
        for (Operation operation : Operation.values()) {
            done.put(operation, counter(registry, operation, "done"));
            refused.put(operation, counter(registry, operation, "refused"));
        }
    }

    void done(Operation operation) {
        done.get(operation).increment();
    }

    void refused(Operation operation) {
        refused.get(operation).increment();
    }

    private static Counter counter(MeterRegistry registry, Operation operation, String outcome) {
        return Counter.builder(NAME)
                .description("Mirror credential requests, by operation and outcome")
                .tag("operation", operation.name().toLowerCase(Locale.ROOT))
                .tag("outcome", outcome)
                .register(registry);
    }
}
