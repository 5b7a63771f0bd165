package org.ossnet.agent.outbox;

import java.time.Duration;

/**
 * The bounds of an outbox and its sender, named in one place.
 *
 * @param maxEvents events kept per publisher; beyond it the oldest are dropped and counted (default
 *     {@link #DEFAULT_MAX_EVENTS}, some 40 MiB of records)
 * @param maxRecordBytes the largest record read back; a larger file is corrupt (default 64 KiB)
 * @param maxQuarantined refused and corrupt records kept for an operator to look at; beyond it the oldest go
 * @param batchEvents events sent in one request (default {@link #DEFAULT_BATCH_EVENTS})
 * @param staleTemporary a temporary file older than this is a crashed writer's leftover and is deleted
 * @param requestDeadline the longest one request may take, headers and body, within any overall deadline
 * @param firstBackoff the wait after a first failed report, doubled at each failure in a row
 * @param maxBackoff the longest wait between reports, also the cap on a server's {@code Retry-After}
 * @param maxAge an event completed longer ago is dropped unsent (default 365 days): stats-service refuses events older
 *     than its {@code retention} (400 days by default), since it could no longer tell them from duplicates
 */
public record OutboxLimits(
        int maxEvents,
        int maxRecordBytes,
        int maxQuarantined,
        int batchEvents,
        Duration staleTemporary,
        Duration requestDeadline,
        Duration firstBackoff,
        Duration maxBackoff,
        Duration maxAge) {

    /** Events kept per publisher before the oldest are dropped. */
    public static final int DEFAULT_MAX_EVENTS = 100_000;

    /** Events per request: well under a tracker's batch bound, a few hundred KiB of JSON. */
    public static final int DEFAULT_BATCH_EVENTS = 500;

    /** The defaults of every command. */
    public static final OutboxLimits DEFAULTS = new OutboxLimits(
            DEFAULT_MAX_EVENTS,
            64 * 1024,
            1_000,
            DEFAULT_BATCH_EVENTS,
            Duration.ofHours(1),
            Duration.ofSeconds(30),
            Duration.ofSeconds(5),
            Duration.ofMinutes(30),
            Duration.ofDays(365));

    public OutboxLimits {
        if (maxEvents < 1 || maxRecordBytes < 1 || maxQuarantined < 0 || batchEvents < 1) {
            throw new IllegalArgumentException("outbox bounds must be positive");
        }
    }

    /** These limits with another bound on the events kept. */
    public OutboxLimits withMaxEvents(int events) {
        return new OutboxLimits(
                events,
                maxRecordBytes,
                maxQuarantined,
                batchEvents,
                staleTemporary,
                requestDeadline,
                firstBackoff,
                maxBackoff,
                maxAge);
    }

    /** These limits with another batch size. */
    public OutboxLimits withBatchEvents(int events) {
        return new OutboxLimits(
                maxEvents,
                maxRecordBytes,
                maxQuarantined,
                events,
                staleTemporary,
                requestDeadline,
                firstBackoff,
                maxBackoff,
                maxAge);
    }

    /** These limits with other back-off bounds. */
    public OutboxLimits withBackoff(Duration first, Duration max) {
        return new OutboxLimits(
                maxEvents,
                maxRecordBytes,
                maxQuarantined,
                batchEvents,
                staleTemporary,
                requestDeadline,
                first,
                max,
                maxAge);
    }
}
