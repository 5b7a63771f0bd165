package org.ossnet.service.auth;

import java.util.Set;

/**
 * One configured API client, as bound from {@code ossnet.<service>.clients.<name>}.
 *
 * @param tokenSha256 the SHA-256 of its bearer token, 64 hex digits ({@link TokenDigest#sha256Hex}); the token
 *     itself is never configured. Default: none (required).
 * @param roles what it may do, in the service's role names. Default: none.
 */
public record ClientToken(String tokenSha256, Set<String> roles) {

    public ClientToken {
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    @Override
    public String toString() {
        // A token hash is not the token, but there is no reason to spread it around either.
        return "ClientToken[roles=" + roles + "]";
    }
}
