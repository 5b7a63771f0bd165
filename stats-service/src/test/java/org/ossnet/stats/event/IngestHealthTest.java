package org.ossnet.stats.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ossnet.stats.system.StatsProperties;
import org.springframework.boot.health.contributor.Status;

class IngestHealthTest {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    MutableClock clock = new MutableClock(NOW);
    IngestProgress progress = new IngestProgress(null, clock, new SimpleMeterRegistry(), properties());
    IngestHealth health = new IngestHealth(
            progress, new Rollups(null, null, properties(), clock, new SimpleMeterRegistry()), properties(), clock);

    @Test
    void staysUpWithTheLagAsADetailHoweverLongTheLag() {
        progress.stored(NOW.minus(Duration.ofHours(30)));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("lagSeconds", 30L * 3600);
        assertThat(progress.lagSeconds()).isEqualTo(30.0 * 3600);
    }

    @Test
    void turnsDownOnlyOnceStoringHasFailedForLongerThanStuckAfter() {
        progress.stored(NOW);
        progress.failed(new IllegalStateException("disk full"));
        clock.now = NOW.plus(Duration.ofMinutes(5));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("failingSince", NOW.toString());
        progress.failed(new IllegalStateException("disk still full"));
        clock.now = NOW.plus(Duration.ofMinutes(5)).plusSeconds(1);
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        progress.stored(NOW);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).doesNotContainKey("failingSince");
    }

    private static StatsProperties properties() {
        return new StatsProperties(
                URI.create("http://localhost:8082"),
                10000,
                "default",
                Duration.ofDays(400),
                Duration.ofMinutes(5),
                2,
                Duration.ofHours(1),
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                Duration.ofSeconds(1),
                100000,
                50000,
                300000,
                1100,
                1000,
                Map.of());
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
