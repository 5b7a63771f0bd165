package org.ossnet.stats.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.stats.EventJson.batch;
import static org.ossnet.stats.EventJson.event;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.stats.StatsIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

class PartitionsIT extends StatsIntegrationTest {

    @Autowired
    Partitions partitions;

    @Autowired
    PartitionMaintenance maintenance;

    @Test
    void createsTheCurrentMonthsPartitionAndTwoAhead() {
        Instant now = Instant.now();
        maintenance.maintain(now);
        YearMonth current = Partitions.monthOf(now);
        assertThat(partitions.existing()).contains(current, current.plusMonths(1), current.plusMonths(2));
    }

    @Test
    void dropsPartitionsWhollyOlderThanRetentionAndForgetsTheirIds() throws Exception {
        YearMonth old = YearMonth.of(2012, 3);
        partitions.ensure(List.of(old, old.plusMonths(1)));
        Instant completed = old.atDay(10).atStartOfDay(ZoneOffset.UTC).toInstant();
        try (Connection connection = DATABASE.connect();
                PreparedStatement seen = connection.prepareStatement("INSERT INTO event_seen (event_id, completed_at,"
                        + " received_at) VALUES (gen_random_uuid(), ?::timestamptz, ?::timestamptz)")) {
            // One id received then; one of the same completion received late, after the cut-off, kept for now.
            for (String received : List.of(completed.plusSeconds(60).toString(), "2012-04-20T00:00:00Z")) {
                seen.setString(1, completed.toString());
                seen.setString(2, received);
                seen.executeUpdate();
            }
        }
        // Retention is 3650 days: as of 15 April 2022 (cut-off 18 April 2012) March 2012 is wholly past it, April 2012
        // not yet.
        maintenance.maintain(Instant.parse("2022-04-15T00:00:00Z"));
        assertThat(partitions.existing()).doesNotContain(old).contains(old.plusMonths(1));
        try (Connection connection = DATABASE.connect();
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*) FILTER (WHERE received_at < '2012-04-01'), count(*) FILTER (WHERE"
                                + " received_at = '2012-04-20') FROM event_seen WHERE completed_at < '2012-04-01'");
                ResultSet result = count.executeQuery()) {
            result.next();
            assertThat(result.getLong(1)).as("received before the cut-off").isZero();
            assertThat(result.getLong(2)).as("received after it").isOne();
        }
    }

    @Test
    void storesEveryEventInThePartitionOfItsMonth() throws Exception {
        String collection = newCollection();
        Map<DownloadEvent, String> expected = new LinkedHashMap<>();
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        for (int back = 0; back < 14; back++) {
            YearMonth month = now.minusMonths(back);
            // The first and the last second of each month: the boundaries are where a partition mistake would show.
            Instant first = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant last = month.plusMonths(1)
                    .atDay(1)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant()
                    .minusSeconds(1);
            for (Instant at : List.of(first, last)) {
                if (at.isBefore(Instant.now().minus(1, ChronoUnit.MINUTES))) {
                    expected.put(event(collection, "a.iso", 1, "get", at), Partitions.name(month));
                }
            }
        }
        assertThat(postEvents(INGEST_TOKEN, batch(new ArrayList<>(expected.keySet())))
                        .status())
                .isEqualTo(200);
        try (Connection connection = DATABASE.connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT event_id::text, tableoid::regclass::text FROM download_event WHERE collection = ?")) {
            statement.setString(1, collection);
            Map<String, String> actual = new LinkedHashMap<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    actual.put(result.getString(1), result.getString(2));
                }
            }
            Map<String, String> wanted = new LinkedHashMap<>();
            expected.forEach((event, partition) -> wanted.put(event.eventId().toString(), partition));
            assertThat(actual).isEqualTo(wanted);
        }
    }
}
