package org.ossnet.tracker.auth;

import java.time.Clock;
import java.util.Optional;
import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.auth.TokenAuthenticator;
import org.ossnet.service.auth.TokenDigest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tracker's tokens live in its database (publishers and services come and go; revocation is an update), looked
 * up by hash: an equality lookup on a digest leaks nothing a timing attacker could use to build a token. Every
 * request reads the row, with no cache in between, so a revocation or an expiry takes effect on the next request.
 */
@Component
class StoredTokens implements TokenAuthenticator {

    /** Who {@code created_by} and {@code revoked_by} name for what the configuration did. */
    static final String CONFIGURATION = "configuration";

    /** What became of a configured bootstrap token at start-up. */
    enum Bootstrap {
        /** Stored for the first time. */
        REGISTERED,
        /** Stored, and the token the configuration named before under that name revoked. */
        REPLACED,
        /** Known already: nothing changed. */
        KNOWN,
        /** Known and revoked through the API: it stays revoked. */
        REVOKED
    }

    private final ApiTokenRepository tokens;
    private final Clock clock;

    StoredTokens(ApiTokenRepository tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<ApiCaller> authenticate(String token) {
        return tokens.findLive(TokenDigest.sha256(token), clock.instant()).map(ApiToken::caller);
    }

    /**
     * Registers a configured token under {@code name} unless its hash is known. A configuration that names a new
     * token under the same name rotates it: the one stored before is revoked, or a leaked bootstrap token would keep
     * working after the operator replaced it. A token an admin revoked is not brought back by a restart.
     */
    @Transactional
    public Bootstrap registerBootstrap(String name, String role, String token) {
        byte[] digest = TokenDigest.sha256(token);
        Optional<ApiToken> known = tokens.findByTokenSha256(digest);
        if (known.isPresent()) {
            return known.get().revokedAt() == null ? Bootstrap.KNOWN : Bootstrap.REVOKED;
        }
        Optional<ApiToken> previous = tokens.findByNameAndRevokedAtIsNull(name);
        previous.ifPresent(old -> {
            old.revoke(clock.instant(), CONFIGURATION);
            // Written before the insert, which would otherwise meet the unique index on live names first.
            tokens.flush();
        });
        tokens.save(new ApiToken(name, role, digest, clock.instant(), CONFIGURATION, null));
        return previous.isPresent() ? Bootstrap.REPLACED : Bootstrap.REGISTERED;
    }
}
