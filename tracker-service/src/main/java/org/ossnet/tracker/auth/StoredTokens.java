package org.ossnet.tracker.auth;

import java.util.Optional;
import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.auth.TokenAuthenticator;
import org.ossnet.service.auth.TokenDigest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tracker's tokens live in its database (publishers and services come and go; revocation is an update), looked
 * up by hash: an equality lookup on a digest leaks nothing a timing attacker could use to build a token.
 */
@Component
class StoredTokens implements TokenAuthenticator {

    private final ApiTokenRepository tokens;

    StoredTokens(ApiTokenRepository tokens) {
        this.tokens = tokens;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<ApiCaller> authenticate(String token) {
        return tokens.findByTokenSha256AndRevokedAtIsNull(TokenDigest.sha256(token))
                .map(ApiToken::caller);
    }

    /** Registers a token unless one with the same hash exists; returns whether it was new. */
    @Transactional
    public boolean registerIfAbsent(String name, String role, String token) {
        byte[] digest = TokenDigest.sha256(token);
        if (tokens.existsByTokenSha256(digest)) {
            return false;
        }
        tokens.save(new ApiToken(name, role, digest));
        return true;
    }
}
