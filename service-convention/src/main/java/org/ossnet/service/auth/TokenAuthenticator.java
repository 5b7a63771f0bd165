package org.ossnet.service.auth;

import java.util.Optional;

/**
 * Where a service keeps its bearer tokens: configured clients ({@link ConfiguredClients}) or a table of its own.
 * Implementations keep only a token's SHA-256 ({@link TokenDigest}) and compare without leaking timing.
 */
@FunctionalInterface
public interface TokenAuthenticator {

    /** The caller this token belongs to, if it is known and not revoked. */
    Optional<ApiCaller> authenticate(String token);
}
