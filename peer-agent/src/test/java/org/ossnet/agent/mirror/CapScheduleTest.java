package org.ossnet.agent.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The upload cap by time of day: ranges, midnight wrap, the cap outside ranges and the next change. */
class CapScheduleTest {

    private static final long DAY_CAP = 10L << 20;
    private static final long NIGHT_CAP = 100L << 20;

    private static CapSchedule dayAndNight() {
        return new CapSchedule(
                List.of(
                        new CapSchedule.Range(LocalTime.of(8, 0), LocalTime.of(20, 0), DAY_CAP),
                        new CapSchedule.Range(LocalTime.of(20, 0), LocalTime.of(8, 0), NIGHT_CAP)),
                1);
    }

    @Test
    void appliesEachRangeFromItsStartUpToItsEnd() {
        CapSchedule schedule = dayAndNight();

        assertThat(schedule.capAt(LocalTime.of(8, 0))).isEqualTo(DAY_CAP);
        assertThat(schedule.capAt(LocalTime.of(19, 59))).isEqualTo(DAY_CAP);
        assertThat(schedule.capAt(LocalTime.of(20, 0))).isEqualTo(NIGHT_CAP);
    }

    @Test
    void wrapsARangeOverMidnight() {
        CapSchedule schedule = dayAndNight();

        assertThat(schedule.capAt(LocalTime.of(23, 59))).isEqualTo(NIGHT_CAP);
        assertThat(schedule.capAt(LocalTime.MIDNIGHT)).isEqualTo(NIGHT_CAP);
        assertThat(schedule.capAt(LocalTime.of(7, 59))).isEqualTo(NIGHT_CAP);
    }

    @Test
    void usesTheOtherCapOutsideEveryRange() {
        CapSchedule schedule =
                new CapSchedule(List.of(new CapSchedule.Range(LocalTime.of(22, 0), LocalTime.of(2, 0), 5)), 7);

        assertThat(schedule.capAt(LocalTime.of(1, 0))).isEqualTo(5);
        assertThat(schedule.capAt(LocalTime.of(2, 0))).isEqualTo(7);
        assertThat(schedule.capAt(LocalTime.of(21, 59))).isEqualTo(7);
    }

    @Test
    void findsTheNextChangeAcrossMidnight() {
        CapSchedule schedule = dayAndNight();

        assertThat(schedule.nextChange(LocalDateTime.of(2025, 3, 1, 21, 30, 15)))
                .contains(new CapSchedule.Change(LocalDateTime.of(2025, 3, 2, 8, 0), DAY_CAP));
        assertThat(schedule.nextChange(LocalDateTime.of(2025, 3, 1, 8, 0)))
                .contains(new CapSchedule.Change(LocalDateTime.of(2025, 3, 1, 20, 0), NIGHT_CAP));
    }

    @Test
    void hasNoNextChangeWhenTheCapIsTheSameAllDay() {
        assertThat(CapSchedule.constant(3).nextChange(LocalDateTime.of(2025, 3, 1, 12, 0)))
                .isEmpty();
        CapSchedule same =
                new CapSchedule(List.of(new CapSchedule.Range(LocalTime.of(1, 0), LocalTime.of(2, 0), 3)), 3);
        assertThat(same.nextChange(LocalDateTime.of(2025, 3, 1, 12, 0))).isEmpty();
    }

    @Test
    void refusesOverlappingAndEmptyRanges() {
        assertThatThrownBy(() -> new CapSchedule(
                        List.of(
                                new CapSchedule.Range(LocalTime.of(22, 0), LocalTime.of(6, 0), 1),
                                new CapSchedule.Range(LocalTime.of(5, 0), LocalTime.of(7, 0), 2)),
                        3))
                .hasMessageContaining("overlaps");
        assertThatThrownBy(() -> new CapSchedule.Range(LocalTime.NOON, LocalTime.NOON, 1))
                .hasMessageContaining("empty");
    }
}
