package org.ossnet.stats.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ossnet.core.api.DownloadEvent;

class PartitionsTest {

    private static DownloadEvent at(String instant) {
        return new DownloadEvent(
                UUID.randomUUID(),
                "ossnet://example.org/c",
                1L,
                "a",
                1L,
                0L,
                0L,
                0L,
                "eu",
                "get",
                1L,
                Instant.parse(instant));
    }

    @Test
    void findsEveryMonthABatchFallsInWhateverTheOrderOfItsEvents() {
        List<DownloadEvent> events = List.of(
                at("2026-01-15T10:00:00Z"),
                at("2026-01-31T23:59:59.999999Z"),
                at("2026-02-01T00:00:00Z"),
                at("2026-01-01T00:00:00Z"),
                at("2026-02-28T12:00:00Z"),
                at("2025-12-31T23:59:59Z"),
                at("2026-03-01T00:00:00Z"),
                at("2026-01-20T00:00:00Z"));
        assertThat(Partitions.monthsOf(events))
                .containsExactlyInAnyOrder(
                        YearMonth.of(2025, 12), YearMonth.of(2026, 1), YearMonth.of(2026, 2), YearMonth.of(2026, 3));
        assertThat(Partitions.monthsOf(List.of())).isEmpty();
    }
}
