package org.ossnet.stats.event;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.stream.IntStream;
import org.ossnet.stats.system.StatsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the partitions of {@code download_event} ready and within retention: the current month and
 * {@code partitions-ahead} months after it exist before an event needs them, partitions wholly older than
 * {@code retention} are dropped, and ids in {@code event_seen} received longer ago than retention and the allowed
 * clock skew are forgotten: such an event completed before retention, so it is refused at the door, and forgetting
 * it cannot let it be counted twice. (Receipt, not completion, decides because {@code event_seen} is indexed by it,
 * a BRIN index that costs ingestion next to nothing; an id received late for an old completion is kept a little
 * longer than it needs to be.)
 */
@Component
class PartitionMaintenance {

    private static final Logger log = LoggerFactory.getLogger(PartitionMaintenance.class);

    /** Ids are forgotten in slices this large, so pruning never holds long locks or makes one huge transaction. */
    private static final int PRUNE_SLICE = 10_000;

    private final Partitions partitions;
    private final JdbcTemplate jdbc;
    private final StatsProperties properties;
    private final Clock clock;

    PartitionMaintenance(Partitions partitions, JdbcTemplate jdbc, StatsProperties properties, Clock clock) {
        this.partitions = partitions;
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${ossnet.stats.maintenance-interval:1h}", initialDelayString = "PT0S")
    void run() {
        try {
            maintain(clock.instant());
        } catch (DataAccessException e) {
            // Ingestion still creates a missing partition itself; the next round tries again.
            log.warn("Partition maintenance failed: {}", e.getMessage());
        }
    }

    /** One round as of {@code now}. */
    void maintain(Instant now) {
        YearMonth current = Partitions.monthOf(now);
        partitions.ensure(IntStream.rangeClosed(0, properties.partitionsAhead())
                .mapToObj(current::plusMonths)
                .toList());
        Instant cutoff = now.minus(properties.retention());
        List<YearMonth> dropped = partitions.dropEndingBefore(cutoff);
        Instant receivedBefore = cutoff.minus(properties.maxClockSkew());
        int forgotten = 0;
        int slice;
        do {
            slice = jdbc.update(
                    "DELETE FROM event_seen WHERE ctid = ANY (ARRAY("
                            + "SELECT ctid FROM event_seen WHERE received_at < ?::timestamptz LIMIT ?))",
                    receivedBefore.toString(),
                    PRUNE_SLICE);
            forgotten += slice;
        } while (slice == PRUNE_SLICE);
        if (!dropped.isEmpty() || forgotten > 0) {
            log.info(
                    "Retention: dropped partitions {}, forgot {} event ids received before {}",
                    dropped,
                    forgotten,
                    receivedBefore);
        }
    }
}
