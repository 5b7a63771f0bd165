package org.ossnet.service.auth;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.ossnet.service.problem.ApiProblem;

/**
 * Who made an authenticated request: a controller declares a parameter of this type to receive it.
 *
 * @param name the token's or client's name, for audit logs and messages (never the token)
 * @param roles what it may do, in the service's kebab-case role names (for example {@code publisher})
 */
public record ApiCaller(String name, Set<String> roles) {

    public ApiCaller {
        roles = Set.copyOf(roles);
    }

    /** Whether the caller holds at least one of {@code anyOf}. */
    public boolean holdsAny(String... anyOf) {
        return Arrays.stream(anyOf).anyMatch(roles::contains);
    }

    /** Refuses the request with 403 unless the caller holds at least one of {@code anyOf}. */
    public void require(String... anyOf) {
        if (!holdsAny(anyOf)) {
            throw ApiProblem.forbidden("'" + name + "' lacks the role " + String.join(" or ", anyOf) + "; it holds "
                    + (roles.isEmpty() ? "none" : new TreeSet<>(roles).stream().collect(Collectors.joining(", ")))
                    + ".");
        }
    }
}
