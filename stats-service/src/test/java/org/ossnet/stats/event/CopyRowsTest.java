package org.ossnet.stats.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ossnet.core.api.DownloadEvent;

class CopyRowsTest {

    private static DownloadEvent event(UUID id, String path, String region, Instant completedAt) {
        return new DownloadEvent(
                id,
                "ossnet://tracker.example/debian",
                3L,
                path,
                4096L,
                3000L,
                1000L,
                96L,
                region,
                "get",
                1234L,
                completedAt);
    }

    @Test
    void writesOneTabSeparatedLinePerEventInTheColumnsOrder() {
        UUID id = UUID.fromString("0f53534e-4554-0001-8000-00000000002a");
        byte[] rows = CopyRows.events(List.of(
                event(id, "pool/main/a.deb", "eu", Instant.parse("2026-12-05T20:00:01Z")),
                event(new UUID(-1, 0), "b.iso", "na", Instant.parse("0999-01-02T03:04:05Z"))));
        assertThat(new String(rows, StandardCharsets.UTF_8))
                .isEqualTo("0f53534e-4554-0001-8000-00000000002a\tossnet://tracker.example/debian\t3\tpool/main/a.deb"
                        + "\t4096\t3000\t1000\t96\teu\tget\t1234\t2026-12-05 20:00:01+00\n"
                        + "ffffffff-ffff-ffff-0000-000000000000\tossnet://tracker.example/debian\t3\tb.iso"
                        + "\t4096\t3000\t1000\t96\tna\tget\t1234\t0999-01-02T03:04:05Z\n");
    }

    @Test
    void keepsEveryDigitOfAFractionalSecondForTheServerToRound() {
        byte[] rows = CopyRows.events(List.of(
                event(UUID.randomUUID(), "a", "eu", Instant.parse("2026-01-31T23:59:59.000000500Z")),
                event(UUID.randomUUID(), "a", "eu", Instant.parse("2026-02-01T00:00:00.25Z"))));
        assertThat(new String(rows, StandardCharsets.UTF_8))
                .contains("\t2026-01-31 23:59:59.000000500+00\n")
                .contains("\t2026-02-01 00:00:00.250000000+00\n");
    }

    @Test
    void escapesWhatTheTextFormatReservesAndEncodesTheRestAsUtf8() {
        byte[] rows = CopyRows.events(List.of(event(
                UUID.randomUUID(), "dir\\sub\tname\nx\r.iso", "süd\\ost\t1", Instant.parse("2026-12-05T20:00:01Z"))));
        String line = new String(rows, StandardCharsets.UTF_8);
        assertThat(line).contains("\tdir\\\\sub\\tname\\nx\\r.iso\t").contains("\tsüd\\\\ost\\t1\t");
        assertThat(line.split("\t")).hasSize(12);
    }

    @Test
    void writesTheLargestNumbersWhole() {
        DownloadEvent huge = new DownloadEvent(
                UUID.randomUUID(),
                "c",
                Long.MAX_VALUE,
                "p",
                0L,
                0L,
                0L,
                0L,
                "eu",
                "get",
                10L,
                Instant.parse("2026-12-05T20:00:01Z"));
        assertThat(new String(CopyRows.events(List.of(huge)), StandardCharsets.UTF_8))
                .contains("\t9223372036854775807\tp\t0\t0\t0\t0\teu\tget\t10\t");
    }
}
