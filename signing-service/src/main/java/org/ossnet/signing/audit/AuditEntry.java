package org.ossnet.signing.audit;

import java.time.Instant;

/**
 * One signature made, as {@code GET /api/v1/audit} lists it.
 *
 * @param id increasing with every signature
 * @param caller the configured client that asked for it
 * @param kind the document kind, as in the signing URL ({@code snapshot}, {@code region-authority}, ...)
 * @param sha256 SHA-256 of the exact bytes signed, 64 lower-case hex digits
 * @param keyFingerprint the publisher key that signed
 * @param signedAt when, by the database clock
 */
public record AuditEntry(long id, String caller, String kind, String sha256, String keyFingerprint, Instant signedAt) {}
