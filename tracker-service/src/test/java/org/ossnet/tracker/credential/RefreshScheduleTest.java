package org.ossnet.tracker.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.SimpleTriggerContext;

class RefreshScheduleTest {

    static final Instant START = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void firstFetchASecondAfterStartThenTheIntervalWhileHeld() {
        AtomicBoolean held = new AtomicBoolean();
        RefreshSchedule schedule = new RefreshSchedule(Duration.ofSeconds(15), held::get);
        SimpleTriggerContext context = new SimpleTriggerContext(Clock.fixed(START, ZoneOffset.UTC));
        assertThat(schedule.nextExecution(context)).isEqualTo(START.plusSeconds(1));

        schedule.fetched(true);
        held.set(true);
        context.update(START.plusSeconds(1), START.plusSeconds(1), START.plusSeconds(2));
        assertThat(schedule.nextExecution(context)).isEqualTo(START.plusSeconds(17));
    }

    @Test
    void retriesSoonerWhileNothingIsHeldDoublingUpToTheMaximumAndNeverPastTheInterval() {
        AtomicBoolean held = new AtomicBoolean();
        RefreshSchedule schedule = new RefreshSchedule(Duration.ofSeconds(15), held::get);
        assertThat(schedule.delay()).isEqualTo(Duration.ofSeconds(1));
        long[] expected = {1, 2, 4, 8, 10, 10, 10};
        for (long seconds : expected) {
            schedule.fetched(false);
            assertThat(schedule.delay()).isEqualTo(Duration.ofSeconds(seconds));
        }
        // A held copy that fails to refresh is kept, and fetched again at the interval.
        held.set(true);
        assertThat(schedule.delay()).isEqualTo(Duration.ofSeconds(15));
        // Once it expires (nothing current held), the retries are soon again after a success.
        held.set(false);
        schedule.fetched(true);
        assertThat(schedule.delay()).isEqualTo(Duration.ofSeconds(1));

        RefreshSchedule quick = new RefreshSchedule(Duration.ofMillis(200), () -> false);
        for (int i = 0; i < 5; i++) {
            quick.fetched(false);
            assertThat(quick.delay()).isEqualTo(Duration.ofMillis(200));
        }
        SimpleTriggerContext context = new SimpleTriggerContext(Clock.fixed(START, ZoneOffset.UTC));
        assertThat(quick.nextExecution(context)).isEqualTo(START.plusMillis(200));
    }
}
