package org.ossnet.announce.spring;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * The BitTorrent endpoints' paths, and the observation predicate that leaves them out of {@code
 * http.server.requests}: announces are already counted by outcome in {@code
 * ossnet.announce.requests}, so a timer per URI and status for each one is work nobody reads.
 */
final class ProtocolPaths {

    static final String ANNOUNCE = "/announce";
    static final String SCRAPE = "/scrape";
    static final String BATCH = "/announce/batch";

    private ProtocolPaths() {}

    /** Whether {@code uri} (a request URI without its query) is one of the BitTorrent endpoints. */
    static boolean isProtocol(String uri) {
        return ANNOUNCE.equals(uri) || SCRAPE.equals(uri) || BATCH.equals(uri);
    }

    /** Observes every request except those to the BitTorrent endpoints. */
    static ObservationPredicate skipProtocolRequests() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server
                && isProtocol(server.getCarrier().getRequestURI()));
    }
}
