package org.ossnet.stats.system;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.ossnet.service.auth.ClientToken;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of stats-service, bound from {@code ossnet.stats.*}; docs/CONFIGURATION.md lists them.
 *
 * @param publicUrl the absolute base URL trackers and QA staff reach this service at. Default
 *     {@code http://localhost:8082}.
 * @param maxBatchEvents the most download events one ingestion request may carry; larger batches
 *     are refused with 400 so one client cannot hold a transaction open for long. Default 10000.
 * @param defaultRegion the region an event without one is counted in, until regions are reported. Default
 *     {@code default}.
 * @param retention how long raw events are kept: monthly partitions wholly older than this are dropped, and events
 *     that completed longer ago than this are refused, since they could no longer be checked for duplicates.
 *     Rollups are kept. Default 400d.
 * @param maxClockSkew how far in the future a reporter's {@code completedAt} may be, for clocks that run ahead.
 *     Default 5m.
 * @param partitionsAhead how many months of partitions beyond the current one are kept created. Default 2.
 * @param maintenanceInterval how often partitions are created ahead and expired ones dropped. Default 1h.
 * @param progressRefresh how often the newest stored event is read back from the database for the lag gauge, so
 *     every replica reports the lag of all of them. Default 30s.
 * @param stuckAfter readiness turns DOWN when storing events has failed for longer than this without a success in
 *     between. A long lag alone never does, since a quiet network looks the same. Default 5m.
 * @param rollupInterval how often stored batches not yet in the rollups are added to them. Default 2s.
 * @param rollupEvents how many events stored since the last drain start a drain before {@code rollup-interval} is
 *     up. Default 100000.
 * @param rollupBatches the most stored batches one rollup statement takes, when a drain finds that many listed (it is
 *     behind ingestion). Default 300: a statement updates each rollup row once for all the events it takes, and on
 *     the stats bench's events (batches of 1,000, {@code psql}) one statement of 300 batches cost 7.9 µs of
 *     PostgreSQL's CPU per event against 9.2 µs for three of 100.
 * @param rollupBacklog how many stored events may wait for the rollups before ingestion waits for a drain (at most
 *     5 s per batch): the drain then keeps up with ingestion instead of finishing long after it. Default 300000, a
 *     full drain statement of batches of 1,000.
 * @param maxQueryDays the longest date range, in days, a query may cover. Default 1100.
 * @param maxPageSize the most rows one query answer may carry ({@code size}, {@code limit}). Default 1000.
 * @param clients the callers allowed to use the API, by name: the SHA-256 of each one's bearer token and its
 *     roles ({@code admin}, {@code ingest}, {@code read}). Default: none.
 */
@ConfigurationProperties("ossnet.stats")
public record StatsProperties(
        @DefaultValue("http://localhost:8082") URI publicUrl,
        @DefaultValue("10000") int maxBatchEvents,
        @DefaultValue("default") String defaultRegion,
        @DefaultValue("400d") Duration retention,
        @DefaultValue("5m") Duration maxClockSkew,
        @DefaultValue("2") int partitionsAhead,
        @DefaultValue("1h") Duration maintenanceInterval,
        @DefaultValue("30s") Duration progressRefresh,
        @DefaultValue("5m") Duration stuckAfter,
        @DefaultValue("2s") Duration rollupInterval,
        @DefaultValue("100000") int rollupEvents,
        @DefaultValue("300") int rollupBatches,
        @DefaultValue("300000") int rollupBacklog,
        @DefaultValue("1100") int maxQueryDays,
        @DefaultValue("1000") int maxPageSize,
        Map<String, ClientToken> clients) {

    public StatsProperties {
        clients = clients == null ? Map.of() : Map.copyOf(clients);
        if (maxBatchEvents < 1
                || rollupEvents < 1
                || rollupBatches < 1
                || rollupBacklog < 1
                || maxQueryDays < 1
                || maxPageSize < 1
                || partitionsAhead < 0) {
            throw new IllegalArgumentException(
                    "ossnet.stats.max-batch-events, rollup-events, rollup-batches, rollup-backlog, max-query-days and max-page-size must"
                            + " be positive and partitions-ahead not negative");
        }
        if (retention.toDays() < 1) {
            throw new IllegalArgumentException("ossnet.stats.retention must be at least one day");
        }
    }
}
