package org.ossnet.tracker.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmbargoGateTest {

    static final Instant RELEASE = Instant.parse("2026-12-02T10:00:00Z");
    static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Test
    void showsWhatCarriesNoEmbargoAtOnce() {
        assertThat(EmbargoGate.isPublic(null, Instant.EPOCH)).isTrue();
    }

    @Test
    void hidesAnEmbargoedSnapshotUntilTheLastInstantBeforeItsRelease() {
        assertThat(EmbargoGate.isPublic(RELEASE, RELEASE.minus(Duration.ofDays(3))))
                .isFalse();
        assertThat(EmbargoGate.isPublic(RELEASE, RELEASE.minusNanos(1))).isFalse();
    }

    @Test
    void showsAnEmbargoedSnapshotFromItsReleaseInstantOn() {
        assertThat(EmbargoGate.isPublic(RELEASE, RELEASE)).isTrue();
        assertThat(EmbargoGate.isPublic(RELEASE, RELEASE.plusNanos(1))).isTrue();
        assertThat(EmbargoGate.isPublic(RELEASE, RELEASE.plus(Duration.ofDays(400))))
                .isTrue();
    }

    @Test
    void letsAnAnswerBeCachedForTheLongestWhenNoReleaseIsComing() {
        assertThat(EmbargoGate.freshFor(TEN_SECONDS, RELEASE, Optional.empty())).isEqualTo(TEN_SECONDS);
        assertThat(EmbargoGate.freshFor(TEN_SECONDS, RELEASE.minusSeconds(60), Optional.of(RELEASE)))
                .isEqualTo(TEN_SECONDS);
        assertThat(EmbargoGate.freshFor(TEN_SECONDS, RELEASE.minusSeconds(10), Optional.of(RELEASE)))
                .isEqualTo(TEN_SECONDS);
    }

    @Test
    void cutsTheCacheTimeShortAtTheNextReleaseRoundingDown() {
        assertThat(EmbargoGate.freshFor(TEN_SECONDS, RELEASE.minusMillis(4_700), Optional.of(RELEASE)))
                .isEqualTo(Duration.ofSeconds(4));
        assertThat(EmbargoGate.freshFor(TEN_SECONDS, RELEASE.minusMillis(999), Optional.of(RELEASE)))
                .isZero();
    }

    @Test
    void neverGivesANegativeCacheTime() {
        assertThat(EmbargoGate.freshFor(TEN_SECONDS, RELEASE, Optional.of(RELEASE)))
                .isZero();
        assertThat(EmbargoGate.freshFor(TEN_SECONDS, RELEASE.plusSeconds(1), Optional.of(RELEASE)))
                .isZero();
    }
}
