package org.ossnet.signing.signature;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The counter {@code ossnet.signing.signatures}, tagged {@code kind} (the three document kinds) and
 * {@code outcome} ({@code signed} or {@code refused}). Every series is registered up front so dashboards see zeros
 * rather than gaps, and no tag value ever comes from a request.
 */
@Component
class SignatureMetrics {

    static final String NAME = "ossnet.signing.signatures";

    private final Map<DocumentKind, Counter> signed = new EnumMap<>(DocumentKind.class);
    private final Map<DocumentKind, Counter> refused = new EnumMap<>(DocumentKind.class);

    SignatureMetrics(MeterRegistry registry) {
        for (DocumentKind kind : DocumentKind.values()) {
            signed.put(kind, counter(registry, kind, "signed"));
            refused.put(kind, counter(registry, kind, "refused"));
        }
    }

    void signed(DocumentKind kind) {
        signed.get(kind).increment();
    }

    void refused(DocumentKind kind) {
        refused.get(kind).increment();
    }

    private static Counter counter(MeterRegistry registry, DocumentKind kind, String outcome) {
        return Counter.builder(NAME)
                .description("Signing requests from authenticated callers, by document kind and outcome")
                .tag("kind", kind.urlName())
                .tag("outcome", outcome)
                .register(registry);
    }
}
