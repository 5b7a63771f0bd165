package org.ossnet.tracker.auth;

/**
 * Who made an authenticated request.
 *
 * @param name the token's display name
 * @param role {@code publisher}, {@code service} or {@code admin}
 */
public record Caller(String name, String role) {

    /** The request attribute under which the filter leaves the caller for controllers. */
    public static final String ATTRIBUTE = "org.ossnet.tracker.auth.Caller";
}
