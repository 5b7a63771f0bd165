package org.ossnet.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.fetch.Transfer;
import org.ossnet.agent.swarm.BytesBySource;
import org.ossnet.core.api.ClientKind;
import org.ossnet.core.api.DownloadEvent;

class EventIdsTest {

    @Test
    void areVersionSevenWithTheCompletionTimeInTheirFirst48Bits() {
        Instant at = Instant.parse("2026-12-06T04:30:15.123456Z");
        UUID id = EventIds.at(at);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
        // The text form's first twelve digits are the milliseconds in hexadecimal, as RFC 9562's example shows them.
        assertThat(id.toString().replace("-", "").substring(0, 12))
                .isEqualTo(String.format("%012x", at.toEpochMilli()));
    }

    @Test
    void sortAsTheDatabaseSortsThemByCompletionTime() {
        // PostgreSQL orders uuids by their bytes, unsigned; UUID.compareTo is no guide.
        List<byte[]> ids = new ArrayList<>();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 1_000; i++) {
            ids.add(bytes(EventIds.at(start.plusMillis(i * 37L))));
        }
        for (int i = 1; i < ids.size(); i++) {
            assertThat(Arrays.compareUnsigned(ids.get(i - 1), ids.get(i))).isNegative();
        }
    }

    @Test
    void differWithinOneMillisecond() {
        Instant at = Instant.parse("2026-12-06T04:30:15.123Z");
        HashSet<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(EventIds.at(at));
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void areWhatAKeptDownloadIsReportedWith(@TempDir Path state) throws Exception {
        Instant completed = Instant.parse("2026-12-06T04:30:15.123Z");
        Outbox outbox = DownloadReports.open(state, "example.org", warning -> {});
        new DownloadReports(outbox, ClientKind.GET, warning -> {})
                .completed(
                        "ossnet://example.org/demo",
                        3,
                        "a.iso",
                        1000,
                        new Transfer(new BytesBySource(1000, 0, 0), Duration.ofMillis(80), completed));
        // Read back from the disk by a second outbox, as the command that sends the events does.
        DownloadEvent kept = DownloadReports.open(state, "example.org", warning -> {})
                .oldest(10)
                .getFirst()
                .event();
        assertThat(kept.eventId().version()).isEqualTo(7);
        assertThat(kept.eventId().getMostSignificantBits() >>> 16).isEqualTo(completed.toEpochMilli());
    }

    private static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16)
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits())
                .array();
    }
}
