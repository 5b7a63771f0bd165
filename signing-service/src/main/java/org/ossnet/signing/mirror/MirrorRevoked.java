package org.ossnet.signing.mirror;

import java.time.Instant;

/**
 * The answer to {@code POST /api/v1/mirrors/{name}/revocation}.
 *
 * @param mirror the mirror revoked
 * @param revokedAt every certificate of the mirror whose {@code notBefore} is at or before this instant is revoked
 * @param unexpiredCertificates how many of them were still within their validity
 * @param cancelledEnrolments how many unused enrolment tokens of the mirror were cancelled
 * @param revocationListVersion the first revocation list version that carries the revocation
 */
record MirrorRevoked(
        String mirror,
        Instant revokedAt,
        int unexpiredCertificates,
        int cancelledEnrolments,
        long revocationListVersion) {}
