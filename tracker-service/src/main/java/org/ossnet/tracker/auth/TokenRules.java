package org.ossnet.tracker.auth;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.ossnet.service.problem.ApiProblem;

/** What a token request must be; each refusal is a 400 naming the member, and nothing is stored. */
final class TokenRules {

    /** The {@code api_token.name} column's bound. */
    static final int MAX_NAME_LENGTH = 200;

    /**
     * A request that keeps the rules.
     *
     * @param name the name without surrounding white space
     * @param role one of {@link Roles#ISSUABLE}
     * @param expiresAt a time after the request's, or {@code null}
     */
    record Valid(String name, String role, Instant expiresAt) {}

    private TokenRules() {}

    static Valid check(TokenRequest request, Instant now) {
        String name = request.name() == null ? null : request.name().strip();
        if (name == null
                || name.isEmpty()
                || name.length() > MAX_NAME_LENGTH
                || name.chars().anyMatch(Character::isISOControl)) {
            throw ApiProblem.invalid(
                    "name", "name: must be 1 to " + MAX_NAME_LENGTH + " characters without control characters.");
        }
        if (name.toLowerCase(Locale.ROOT).startsWith(BootstrapToken.NAME_PREFIX)) {
            throw ApiProblem.invalid(
                    "name",
                    "name: names starting with '" + BootstrapToken.NAME_PREFIX.strip()
                            + "' are kept for the tokens the configuration registers.");
        }
        String role = request.role();
        if (role == null || !Roles.ISSUABLE.contains(role)) {
            throw ApiProblem.invalid("role", "role: must be one of " + String.join(", ", Roles.ISSUABLE) + ".");
        }
        Instant expiresAt = expiry(request.expiresAt());
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw ApiProblem.invalid(
                    "expiresAt", "expiresAt: must be in the future, or absent for a token that works until revoked.");
        }
        return new Valid(name, role, expiresAt);
    }

    private static Instant expiry(String written) {
        if (written == null) {
            return null;
        }
        try {
            // PostgreSQL keeps microseconds: the answer should show what the list will.
            return OffsetDateTime.parse(written).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw ApiProblem.invalid(
                    "expiresAt",
                    "expiresAt: must be an RFC 3339 date-time with an offset, such as 2027-06-30T00:00:00Z.");
        }
    }
}
