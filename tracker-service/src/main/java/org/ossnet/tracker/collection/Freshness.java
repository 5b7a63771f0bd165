package org.ossnet.tracker.collection;

import java.time.Clock;
import org.ossnet.signing.client.SigningUnavailableException;
import org.ossnet.tracker.system.TrackerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Re-signs each collection's latest snapshot as a new version before it expires, so an expired
 * snapshot always means a frozen mirror or tracker, never a quiet collection.
 */
@Component
class Freshness {

    private static final Logger log = LoggerFactory.getLogger(Freshness.class);

    private final CollectionRepository repository;
    private final PublishService publishing;
    private final TrackerProperties properties;
    private final Clock clock;

    Freshness(CollectionRepository repository, PublishService publishing, TrackerProperties properties, Clock clock) {
        this.repository = repository;
        this.publishing = publishing;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${ossnet.tracker.freshness-interval:1m}", initialDelayString = "PT2S")
    void resignExpiring() {
        for (long collectionId : repository.expiringBefore(clock.instant().plus(properties.resignBefore()))) {
            try {
                var response = publishing.resign(collectionId);
                log.info(
                        "Re-signed {} as version {}, valid until {}",
                        response.collection(),
                        response.version(),
                        response.expires());
            } catch (SigningUnavailableException e) {
                // The next round tries again; the snapshot is still valid for a while.
                log.warn("Could not re-sign collection {}: {}", collectionId, e.getMessage());
            }
        }
    }
}
