package org.ossnet.core.api;

import java.util.List;

/**
 * The body of {@code POST /api/v1/events} on stats-service: download events a reporter forwards together. A batch is
 * taken whole or refused whole, so a reporter can resend it unchanged after any failure.
 *
 * @param events the events, at most stats-service's {@code max-batch-events}
 */
public record DownloadEventBatch(List<DownloadEvent> events) {}
