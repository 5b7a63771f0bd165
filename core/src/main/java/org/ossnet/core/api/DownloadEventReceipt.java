package org.ossnet.core.api;

/**
 * stats-service's answer to a stored {@link DownloadEventBatch}: once a reporter holds it, every event of the batch is
 * counted exactly once and may leave the reporter's outbox.
 *
 * @param received the events in the batch
 * @param added the events counted now for the first time
 * @param duplicates the events already counted (an earlier delivery, or the same id twice in this batch)
 */
public record DownloadEventReceipt(int received, int added, int duplicates) {}
