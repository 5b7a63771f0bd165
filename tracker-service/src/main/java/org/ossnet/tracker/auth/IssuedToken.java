package org.ossnet.tracker.auth;

import java.time.Instant;

/**
 * The answer to {@code POST /api/v1/tokens}: the only time the token itself is shown, since the tracker keeps
 * nothing but its SHA-256.
 *
 * @param id its id, for {@code DELETE /api/v1/tokens/{id}}
 * @param name its name
 * @param role its role
 * @param createdAt when it was issued
 * @param expiresAt when it stops working, or {@code null}
 * @param token the bearer token: 256 random bits, unpadded base64url
 */
record IssuedToken(long id, String name, String role, Instant createdAt, Instant expiresAt, String token) {

    @Override
    public String toString() {
        // A record's toString would print the secret into any log or assertion message that shows this.
        return "IssuedToken[id=" + id + ", name=" + name + ", role=" + role + "]";
    }
}
