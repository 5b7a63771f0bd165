package org.ossnet.tracker.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatsForwarderTest {

    @Test
    void doublesTheWaitAfterEachFailureInARowUpToRetryMax() {
        var settings = ReporterLimitsTest.settings(10);
        assertThat(StatsForwarder.backoff(settings, 1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(StatsForwarder.backoff(settings, 2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(StatsForwarder.backoff(settings, 5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(StatsForwarder.backoff(settings, 9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(StatsForwarder.backoff(settings, 10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(StatsForwarder.backoff(settings, 1_000)).isEqualTo(Duration.ofMinutes(5));
    }
}
