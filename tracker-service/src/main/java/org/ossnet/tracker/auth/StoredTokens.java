package org.ossnet.tracker.auth;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.auth.TokenAuthenticator;
import org.ossnet.service.auth.TokenDigest;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    /** The token with this hash if it authenticates at the given instant: neither revoked nor expired. */
    private static final String LIVE = "SELECT name, role FROM api_token WHERE token_sha256 = ? AND revoked_at IS NULL"
            + " AND (expires_at IS NULL OR expires_at > ?)";

    private final ApiTokenRepository tokens;
    private final JdbcClient jdbc;
    private final Clock clock;

    StoredTokens(ApiTokenRepository tokens, JdbcClient jdbc, Clock clock) {
        this.tokens = tokens;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * One indexed query in autocommit, not a repository call in a read-only transaction: it runs before every
     * authenticated request, and the transaction's begin and commit and the entity's mapping cost more than the
     * lookup itself.
     */
    @Override
    public Optional<ApiCaller> authenticate(String token) {
        return jdbc.sql(LIVE)
                .params(TokenDigest.sha256(token), Timestamp.from(clock.instant()))
                .query((row, n) -> new ApiCaller(row.getString(1), Set.of(row.getString(2))))
                .optional();
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
