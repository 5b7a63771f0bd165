package org.ossnet.signing.audit;

import java.util.List;

/**
 * The body of {@code GET /api/v1/audit}: the most recent entries, newest first.
 *
 * @param entries the entries
 */
public record AuditEntries(List<AuditEntry> entries) {}
