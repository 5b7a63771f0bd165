package org.ossnet.tracker.auth;

import java.time.Instant;
import java.util.List;

/**
 * A stored token as {@code GET /api/v1/tokens} shows it to an admin: never the token or its hash.
 *
 * @param id its id
 * @param name its name
 * @param role its role
 * @param createdAt when it was stored
 * @param createdBy who issued it: an admin token's name, {@code configuration} for a bootstrap token, or
 *     {@code null} for tokens stored before issuers were recorded
 * @param expiresAt when it stops working, or {@code null} for never
 * @param revokedAt when it was revoked, or {@code null}
 * @param revokedBy who revoked it (an admin token's name, or {@code configuration}), or {@code null}
 */
record TokenState(
        long id,
        String name,
        String role,
        Instant createdAt,
        String createdBy,
        Instant expiresAt,
        Instant revokedAt,
        String revokedBy) {

    /**
     * The list's body.
     *
     * @param tokens every stored token, revoked ones included, by id
     */
    record Page(List<TokenState> tokens) {}

    static TokenState of(ApiToken token) {
        return new TokenState(
                token.id(),
                token.name(),
                token.role(),
                token.createdAt(),
                token.createdBy(),
                token.expiresAt(),
                token.revokedAt(),
                token.revokedBy());
    }
}
