package org.ossnet.signing.auth;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.ossnet.signing.system.Problems;

/**
 * An authenticated API caller, as configured under {@code ossnet.signing.clients.<name>}.
 *
 * @param name the configured client name, recorded in the audit log
 * @param roles what it may do
 */
public record Caller(String name, Set<Role> roles) {

    /** The request attribute under which the interceptor leaves the caller for controllers. */
    public static final String ATTRIBUTE = "org.ossnet.signing.auth.Caller";

    public Caller {
        roles = Set.copyOf(roles);
    }

    /** Refuses the request with 403 unless the caller holds at least one of {@code anyOf}. */
    public void require(Role... anyOf) {
        if (Arrays.stream(anyOf).noneMatch(roles::contains)) {
            throw Problems.forbidden("Client '" + name + "' lacks the role "
                    + Arrays.stream(anyOf).map(Role::configName).collect(Collectors.joining(" or ")) + ".");
        }
    }
}
