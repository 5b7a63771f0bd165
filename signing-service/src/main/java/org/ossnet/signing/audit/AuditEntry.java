package org.ossnet.signing.audit;

import java.time.Instant;

/**
 * One entry of the audit log, as {@code GET /api/v1/audit} lists it.
 *
 * @param id increasing with every entry
 * @param caller the configured client that asked for it, {@code enrolment-<id>} for a mirror presenting an enrolment
 *     token, {@code mirror <name>} for a renewal, or {@code signing-service} for what the service does on its own
 * @param kind what happened: a document kind as in the signing URL ({@code snapshot}, {@code region-authority},
 *     {@code revocation-list}), or {@code mirror-enrolment}, {@code mirror-certificate}, {@code mirror-renewal},
 *     {@code mirror-revocation}, {@code mirror-refused}
 * @param sha256 SHA-256 of the exact bytes signed (a document, or a mirror certificate's DER), 64 lower-case hex
 *     digits; null when nothing was signed
 * @param keyFingerprint the key that signed: the publisher key's fingerprint, or the mirror CA certificate's SHA-256;
 *     null when nothing was signed
 * @param detail what happened, in a sentence; null for plain signatures
 * @param signedAt when, by the database clock
 */
public record AuditEntry(
        long id, String caller, String kind, String sha256, String keyFingerprint, String detail, Instant signedAt) {}
