package org.ossnet.stats.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ossnet.stats.query.QueryParameters.DateRange;

class FileRangeTest {

    static DateRange days(String from, String to) {
        return new DateRange(LocalDate.parse(from), LocalDate.parse(to));
    }

    @Test
    void readsAWholeMonthAsItsRow() {
        assertThat(FileRange.of(days("2026-02-01", "2026-02-28")))
                .isEqualTo(new FileRange(List.of(LocalDate.parse("2026-02-01")), List.of(), List.of()));
    }

    @Test
    void readsTheLast30DaysAsAMonthLessTwoDaysAndThreeDays() {
        assertThat(FileRange.of(days("2026-11-03", "2026-12-03")))
                .isEqualTo(new FileRange(
                        List.of(LocalDate.parse("2026-11-01")),
                        List.of(days("2026-12-01", "2026-12-03")),
                        List.of(days("2026-11-01", "2026-11-02"))));
    }

    @Test
    void readsAFewDaysInsideAMonthAsDays() {
        assertThat(FileRange.of(days("2026-11-10", "2026-11-12")))
                .isEqualTo(new FileRange(List.of(), List.of(days("2026-11-10", "2026-11-12")), List.of()));
    }

    @Test
    void subtractsTheDaysOnBothSidesOfALongRangeInsideAMonth() {
        assertThat(FileRange.of(days("2026-11-02", "2026-11-29")))
                .isEqualTo(new FileRange(
                        List.of(LocalDate.parse("2026-11-01")),
                        List.of(),
                        List.of(days("2026-11-01", "2026-11-01"), days("2026-11-30", "2026-11-30"))));
    }

    @Test
    void splitsARangeOverSeveralMonths() {
        // October: 17 of 31 days inside, so the month less 1-14 October; January: 10 days inside, read as days.
        assertThat(FileRange.of(days("2026-10-15", "2027-01-10")))
                .isEqualTo(new FileRange(
                        List.of(
                                LocalDate.parse("2026-10-01"),
                                LocalDate.parse("2026-11-01"),
                                LocalDate.parse("2026-12-01")),
                        List.of(days("2027-01-01", "2027-01-10")),
                        List.of(days("2026-10-01", "2026-10-14"))));
    }
}
