package org.ossnet.signing.mirror;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.auth.TokenAuthenticator;
import org.ossnet.service.auth.TokenDigest;
import org.springframework.stereotype.Component;

/**
 * Enrolment tokens as bearer tokens: a token the publisher created authenticates as {@code enrolment-<id>} with the
 * one role {@link #ROLE}, which only {@code POST /api/v1/mirror-certificates} accepts. A used, expired or cancelled
 * token still authenticates, so that endpoint can say which of these it is; only that endpoint's transaction decides
 * whether it issues a certificate. Tokens carry a fixed prefix, so configured clients' tokens never cost a lookup here
 * and secret scanners can recognise a leaked one.
 */
@Component
class EnrolmentTokens implements TokenAuthenticator {

    /** What an enrolment token may do; never a configured client's role. */
    static final String ROLE = "mirror-enrolment";

    static final String PREFIX = "ossnet-enrol-";

    private static final String CALLER_PREFIX = "enrolment-";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Enrolments enrolments;

    EnrolmentTokens(Enrolments enrolments) {
        this.enrolments = enrolments;
    }

    /** A new token: the prefix and 256 random bits, base64url. */
    static String newToken() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    static String callerName(long enrolmentId) {
        return CALLER_PREFIX + enrolmentId;
    }

    /** The enrolment an authenticated enrolment caller stands for. */
    static long enrolmentId(ApiCaller caller) {
        return Long.parseLong(caller.name().substring(CALLER_PREFIX.length()));
    }

    @Override
    public Optional<ApiCaller> authenticate(String token) {
        if (!token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return enrolments
                .findByTokenSha256(TokenDigest.sha256(token))
                .map(enrolment -> new ApiCaller(callerName(enrolment.id()), Set.of(ROLE)));
    }
}
