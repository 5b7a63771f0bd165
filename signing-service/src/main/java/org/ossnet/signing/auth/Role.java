package org.ossnet.signing.auth;

import java.util.Locale;

/**
 * What a caller may do. Configured in kebab case ({@code sign-snapshot}); Spring's relaxed enum binding maps that
 * to the constant.
 */
public enum Role {
    /** Sign snapshots: the tracker. */
    SIGN_SNAPSHOT,
    /** Sign region authorities, the delegations of regional trackers. */
    SIGN_REGION_AUTHORITY,
    /**
     * Sign revocation lists composed elsewhere, for publishers other than the mirror CA's own (whose list
     * signing-service makes itself).
     */
    SIGN_REVOCATION_LIST,
    /** Enrol mirrors (create one-time enrolment tokens for their credentials) and revoke them: the publisher. */
    ISSUE_MIRROR_CREDENTIALS,
    /** Rotate keys and read the audit log. */
    ADMIN,
    /** Read the audit log. */
    AUDIT;

    /** The name as configured and shown in errors, e.g. {@code sign-snapshot}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
