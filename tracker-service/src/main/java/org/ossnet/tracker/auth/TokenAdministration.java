package org.ossnet.tracker.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.ossnet.service.auth.TokenDigest;
import org.ossnet.service.problem.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issues and revokes the tracker's tokens for admins, and lists them. Every issue and revocation is logged at INFO
 * with who did it and the token's id, name and role, once it has committed; the token itself is never logged.
 */
@Service
class TokenAdministration {

    private static final Logger log = LoggerFactory.getLogger(TokenAdministration.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiTokenRepository tokens;
    private final TransactionTemplate transactions;
    private final Clock clock;

    TokenAdministration(ApiTokenRepository tokens, TransactionTemplate transactions, Clock clock) {
        this.tokens = tokens;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Issues a token on behalf of {@code issuer} (the caller's name); the answer is the only copy of the secret. */
    IssuedToken issue(TokenRequest request, String issuer) {
        // PostgreSQL keeps microseconds: the answer should show what the list will.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        TokenRules.Valid valid = TokenRules.check(request, now);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiToken stored = transactions.execute(status -> {
            tokens.findByNameAndRevokedAtIsNull(valid.name()).ifPresent(other -> {
                throw nameTaken(other.id());
            });
            try {
                return tokens.saveAndFlush(new ApiToken(
                        valid.name(), valid.role(), TokenDigest.sha256(token), now, issuer, valid.expiresAt()));
            } catch (DataIntegrityViolationException e) {
                // Two requests for one name at once: the unique index on live names decided, and this one came second.
                throw nameTaken(null);
            }
        });
        log.info(
                "'{}' issued token {} '{}' with role {}{}",
                issuer,
                stored.id(),
                stored.name(),
                stored.role(),
                stored.expiresAt() == null ? "" : ", expiring at " + stored.expiresAt());
        return new IssuedToken(
                stored.id(), stored.name(), stored.role(), stored.createdAt(), stored.expiresAt(), token);
    }

    private static ApiProblem nameTaken(Long id) {
        return ApiProblem.conflict("name: an unrevoked token"
                + (id == null ? "" : " (" + id + ")")
                + " has this name already; revoke it first, or choose another name.");
    }

    @Transactional(readOnly = true)
    List<TokenState> list() {
        return tokens.findAllByOrderById().stream().map(TokenState::of).toList();
    }

    @Transactional(readOnly = true)
    TokenState get(long id) {
        return tokens.findById(id).map(TokenState::of).orElseThrow(() -> unknown(id));
    }

    /**
     * Revokes a token on behalf of {@code revoker}; from the next request on it answers 401. Revoking a revoked token
     * changes nothing. The last admin token that still works may not be revoked: the token API would be closed to
     * everyone until an operator configured a new bootstrap admin token and restarted the tracker.
     */
    void revoke(long id, String revoker) {
        Optional<ApiToken> revoked = transactions.execute(status -> revokeNow(id, revoker));
        revoked.ifPresent(token ->
                log.info("'{}' revoked token {} '{}' with role {}", revoker, token.id(), token.name(), token.role()));
    }

    private Optional<ApiToken> revokeNow(long id, String revoker) {
        String role = tokens.roleOf(id).orElseThrow(() -> unknown(id));
        Instant now = clock.instant();
        ApiToken token;
        if (Roles.ADMIN.equals(role)) {
            // Locks every unrevoked admin token, so two admins revoking each other's tokens cannot both succeed.
            List<ApiToken> admins = tokens.lockUnrevoked(Roles.ADMIN);
            Optional<ApiToken> target =
                    admins.stream().filter(t -> t.id() == id).findFirst();
            if (target.isEmpty()) {
                return Optional.empty();
            }
            token = target.get();
            if (token.liveAt(now) && admins.stream().noneMatch(t -> t.id() != id && t.liveAt(now))) {
                throw ApiProblem.conflict("Token " + id + " is the last admin token that works; issue another admin"
                        + " token before revoking it.");
            }
        } else {
            token = tokens.lockById(id).orElseThrow(() -> unknown(id));
            if (token.revokedAt() != null) {
                return Optional.empty();
            }
        }
        token.revoke(now, revoker);
        return Optional.of(token);
    }

    private static ApiProblem unknown(long id) {
        return ApiProblem.notFound("No token " + id + ".");
    }
}
