package org.ossnet.stats.event;

import java.time.Clock;
import java.time.Duration;
import org.ossnet.stats.system.StatsProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The ingestion pipeline in {@code /actuator/health} and its readiness group ({@code ingest}): the lag, the newest
 * stored completion and the events still waiting for the rollups as details, DOWN only once storing has failed for longer than {@code stuck-after} with no success
 * since. A long lag alone stays UP: a quiet night looks the same, and taking the service out of rotation would only
 * make the forwarders fall further behind.
 */
@Component("ingest")
class IngestHealth implements HealthIndicator {

    private final IngestProgress progress;
    private final Rollups rollups;
    private final StatsProperties properties;
    private final Clock clock;

    IngestHealth(IngestProgress progress, Rollups rollups, StatsProperties properties, Clock clock) {
        this.progress = progress;
        this.rollups = rollups;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public Health health() {
        IngestProgress.State state = progress.state();
        boolean stuck = state.failingSince() != null
                && Duration.between(state.failingSince(), clock.instant()).compareTo(properties.stuckAfter()) > 0;
        Health.Builder health = stuck ? Health.down() : Health.up();
        double lag = progress.lagSeconds();
        if (!Double.isNaN(lag)) {
            health.withDetail("lagSeconds", Math.round(lag));
        }
        if (state.newestCompletedAt() != null) {
            health.withDetail("newestCompletedAt", state.newestCompletedAt().toString());
        }
        if (state.lastStoredAt() != null) {
            health.withDetail("lastStoredAt", state.lastStoredAt().toString());
        }
        Rollups.Backlog backlog = rollups.backlog();
        health.withDetail("rollupPending", backlog.pending())
                .withDetail("rollupLagSeconds", Math.round(rollups.lagSeconds()));
        if (state.failingSince() != null) {
            health.withDetail("failingSince", state.failingSince().toString())
                    .withDetail("lastFailure", state.lastFailure());
        }
        return health.build();
    }
}
