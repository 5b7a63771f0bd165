package org.ossnet.service.problem;

import java.util.Locale;
import org.ossnet.core.credential.CredentialException;

/**
 * How every service refuses a request signed with a mirror credential that does not hold, so a mirror reads the same
 * answer from the tracker and a region-service: 401 for a credential or signature that does not verify, 403 for a
 * revoked one (or one that does not cover what it asks), 503 while the service holds no current revocation list (fail
 * closed). The {@code reason} member is the refusal's reason in lower case, for clients to act on.
 */
public final class CredentialProblems {

    private CredentialProblems() {}

    /** The problem for {@code e}; its detail says why, and nothing of what the request asked for. */
    public static ApiProblem of(CredentialException e) {
        String detail = "The request's mirror credential is refused: " + e.getMessage() + ".";
        String reason = e.reason().name().toLowerCase(Locale.ROOT);
        return switch (e.reason()) {
            case REVOKED, WRONG_PREFIX -> ApiProblem.forbidden(detail).with("reason", reason);
            case REVOCATION_LIST_EXPIRED ->
                ApiProblem.unavailable("No current revocation list", detail).with("reason", reason);
            case MALFORMED, NOT_SIGNED_BY_CA, EXPIRED, NOT_YET_VALID, WRONG_KEY_USAGE, BAD_SIGNATURE, STALE, REPLAYED ->
                ApiProblem.unauthorized(detail).with("reason", reason);
        };
    }
}
