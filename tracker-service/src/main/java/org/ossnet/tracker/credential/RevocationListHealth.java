package org.ossnet.tracker.credential;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The revocation list in {@code /actuator/health} and readiness ({@code revocationList}): {@code state} {@code
 * current}, {@code expired} or {@code none}, with the held version, its expiry, the last fetch and the last refusal.
 * Stays UP when expired: every replica shares one signing-service, so a DOWN would take them all out of rotation at
 * once and stop public downloads, which need no credential. Credentialed operations fail closed on their own; the
 * gauge {@code ossnet.tracker.revocation.expired} is what to alert on.
 */
@Component("revocationListHealthIndicator")
class RevocationListHealth implements HealthIndicator {

    private final RevocationListCopy copy;

    RevocationListHealth(RevocationListCopy copy) {
        this.copy = copy;
    }

    @Override
    public Health health() {
        RevocationListCopy.State state = copy.state();
        Health.Builder health = Health.up()
                .withDetail("state", state.held() == null ? "none" : state.current() ? "current" : "expired");
        if (state.held() != null) {
            health.withDetail("version", state.held().list().version())
                    .withDetail("expires", state.held().list().expires().toString());
        }
        if (state.lastFetchedAt() != null) {
            health.withDetail("lastFetchedAt", state.lastFetchedAt().toString());
        }
        if (state.lastRefusal() != null) {
            health.withDetail("lastRefusal", state.lastRefusal());
        }
        return health.build();
    }
}
