package org.ossnet.signing.mirror;

import java.time.Instant;
import java.util.List;

/**
 * The answer to {@code POST /api/v1/mirror-enrolments}: the one time the token is shown.
 *
 * @param id the enrolment's id; certificates issued with the token are recorded under it
 * @param mirror the mirror's name
 * @param prefixes the prefixes granted, in normal form with a trailing slash
 * @param token the one-time bearer token for {@code POST /api/v1/mirror-certificates}; only its SHA-256 is stored
 * @param expiresAt when the token stops working if unused
 */
record EnrolmentToken(long id, String mirror, List<String> prefixes, String token, Instant expiresAt) {

    @Override
    public String toString() {
        // Spring logs return values at DEBUG; the token must never reach a log.
        return "EnrolmentToken[id=" + id + ", mirror=" + mirror + ", prefixes=" + prefixes + ", token=(hidden),"
                + " expiresAt=" + expiresAt + "]";
    }
}
