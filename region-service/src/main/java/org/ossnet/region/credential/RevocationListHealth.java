package org.ossnet.region.credential;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The revocation list in {@code /actuator/health} and readiness ({@code revocationList}): {@code state} {@code
 * current}, {@code expired} or {@code none}, with the held version, its expiry, the last fetch, the last refusal and
 * whether the mirror CA certificate is held. Stays UP when expired, as the tracker's does: public metadata needs no
 * credential, and credentialed requests fail closed on their own; alert on {@code ossnet.region.revocation.expired}.
 */
@Component("revocationListHealthIndicator")
class RevocationListHealth implements HealthIndicator {

    private final RevocationListFollower lists;
    private final MirrorCaFollower ca;

    RevocationListHealth(RevocationListFollower lists, MirrorCaFollower ca) {
        this.lists = lists;
        this.ca = ca;
    }

    @Override
    public Health health() {
        RevocationListFollower.State state = lists.state();
        Health.Builder health = Health.up()
                .withDetail("state", state.held().isEmpty() ? "none" : state.current() ? "current" : "expired")
                .withDetail("mirrorCa", ca.current().isPresent() ? "held" : "none");
        state.held()
                .ifPresent(held -> health.withDetail("version", held.list().version())
                        .withDetail("expires", held.list().expires().toString()));
        if (state.lastFetchedAt() != null) {
            health.withDetail("lastFetchedAt", state.lastFetchedAt().toString());
        }
        if (state.lastRefusal() != null) {
            health.withDetail("lastRefusal", state.lastRefusal());
        }
        return health.build();
    }
}
