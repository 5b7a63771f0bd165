package org.ossnet.tracker.stats;

import java.time.Clock;
import java.time.Duration;
import org.ossnet.tracker.system.TrackerProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The statistics forwarder in {@code /actuator/health} ({@code statsForwarder}): its {@code state} ({@code off},
 * {@code idle}, {@code forwarding}, {@code lagging} once the oldest queued event is older than {@code lag-warning},
 * {@code failing} while deliveries fail) with the backlog as details. Always UP and not part of readiness: the
 * outbox keeps every event while stats-service is away, so announces and publishes should go on being served. The
 * bean name gives the component its name.
 */
@Component("statsForwarderHealthIndicator")
class ForwarderHealth implements HealthIndicator {

    private final StatsForwarder forwarder;
    private final TrackerProperties.Stats settings;
    private final Clock clock;

    ForwarderHealth(StatsForwarder forwarder, TrackerProperties properties, Clock clock) {
        this.forwarder = forwarder;
        this.settings = properties.stats();
        this.clock = clock;
    }

    @Override
    public Health health() {
        ForwarderState state = forwarder.state();
        if (!state.enabled()) {
            return Health.up().withDetail("state", "off").build();
        }
        Outbox.Backlog backlog = state.backlog();
        Health.Builder health = Health.up()
                .withDetail("state", describe(state))
                .withDetail("depth", backlog.depth())
                .withDetail("parked", backlog.parked());
        if (backlog.oldest() != null) {
            health.withDetail(
                    "oldestAgeSeconds",
                    Duration.between(backlog.oldest(), clock.instant()).toSeconds());
        }
        if (state.lastDeliveredAt() != null) {
            health.withDetail("lastDeliveredAt", state.lastDeliveredAt().toString());
        }
        if (state.failingSince() != null) {
            health.withDetail("failingSince", state.failingSince().toString())
                    .withDetail("lastFailure", state.lastFailure())
                    .withDetail("nextAttempt", state.nextAttempt().toString());
        }
        return health.build();
    }

    private String describe(ForwarderState state) {
        if (state.failingSince() != null) {
            return "failing";
        }
        Outbox.Backlog backlog = state.backlog();
        if (backlog.oldest() != null
                && Duration.between(backlog.oldest(), clock.instant()).compareTo(settings.lagWarning()) > 0) {
            return "lagging";
        }
        return backlog.depth() > 0 ? "forwarding" : "idle";
    }
}
