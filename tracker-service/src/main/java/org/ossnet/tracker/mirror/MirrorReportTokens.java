package org.ossnet.tracker.mirror;

import java.util.Optional;
import java.util.Set;
import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.auth.TokenAuthenticator;
import org.ossnet.service.auth.TokenDigest;
import org.ossnet.tracker.auth.Roles;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Mirrors' report tokens, kept in the mirror table as their SHA-256 and looked up by it. A report token names one
 * mirror and may only report that mirror's holdings.
 */
@Component
class MirrorReportTokens implements TokenAuthenticator {

    /** What a report token may do; never a role of {@code api_token}. */
    static final String ROLE = Roles.MIRROR_REPORT;

    private final MirrorRepository mirrors;

    MirrorReportTokens(MirrorRepository mirrors) {
        this.mirrors = mirrors;
    }

    /** The caller name of a mirror's report token, which the holdings endpoint compares with the path's id. */
    static String callerName(long mirrorId) {
        return "mirror-" + mirrorId;
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<ApiCaller> authenticate(String token) {
        return mirrors.findByReportTokenSha256(TokenDigest.sha256(token))
                .map(mirror -> new ApiCaller(callerName(mirror.id()), Set.of(ROLE)));
    }
}
