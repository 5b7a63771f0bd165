package org.ossnet.agent.ban;

import java.util.Set;

/**
 * What a piece's check taught about its contributors.
 *
 * @param banned peers newly banned: disconnect them and refuse them from now on
 * @param cleared peers shown to have sent good data for a piece that had failed; their penalty was refunded
 */
public record Verdict<P>(Set<P> banned, Set<P> cleared) {

    static <P> Verdict<P> none() {
        return new Verdict<>(Set.of(), Set.of());
    }
}
