package org.ossnet.tracker.auth;

import java.util.List;

/** The roles a tracker token can hold; the {@code api_token.role} column admits exactly these. */
public final class Roles {

    /** Publishes snapshots of collections. */
    public static final String PUBLISHER = "publisher";

    /** Another OSSNET service calling the tracker. */
    public static final String SERVICE = "service";

    /** Everything a publisher may, and the service's administration (log levels, tokens). */
    public static final String ADMIN = "admin";

    /** A publisher-issued token an official mirror registers with. */
    public static final String MIRROR = "mirror";

    /**
     * A mirror, proxy or test reporter delivering download events: a larger rate bound than anonymous reporters, and
     * it may report {@code mirror} syncs.
     */
    public static final String REPORT = "report";

    /**
     * A registered mirror's report token (kept in the mirror table, never in {@code api_token}): it reports that
     * mirror's holdings, and its fetches as download events of kind {@code mirror}.
     */
    public static final String MIRROR_REPORT = "mirror-report";

    /**
     * The roles of {@code api_token}, which an admin may issue (in the order error messages list them): every role
     * but {@link #MIRROR_REPORT}, which the mirror registry hands out with each registration.
     */
    static final List<String> ISSUABLE = List.of(ADMIN, MIRROR, PUBLISHER, REPORT, SERVICE);

    private Roles() {}
}
