package org.ossnet.tracker.credential;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.auth.TokenAuthenticator;
import org.springframework.stereotype.Component;

/**
 * Lets a mirror's enrolment token through to the one endpoint that relays it, {@code POST
 * /api/v1/mirror-certificates}: a bearer token of the enrolment token's shape ({@code ossnet-enrol-} and 43
 * base64url characters) authenticates with the one role {@link #ROLE}. Whether the token is real, unused and
 * unexpired only signing-service knows, and its answer is passed on; the tracker never stores or logs the token.
 */
@Component
class EnrolmentBearer implements TokenAuthenticator {

    /** What an enrolment token may do at the tracker; never a stored token's role. */
    static final String ROLE = "mirror-enrolment";

    private static final Pattern SHAPE = Pattern.compile("ossnet-enrol-[A-Za-z0-9_-]{43}");

    @Override
    public Optional<ApiCaller> authenticate(String token) {
        if (!SHAPE.matcher(token).matches()) {
            return Optional.empty();
        }
        return Optional.of(new ApiCaller("enrolment-token", Set.of(ROLE)));
    }
}
