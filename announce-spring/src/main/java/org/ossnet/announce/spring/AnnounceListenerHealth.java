package org.ossnet.announce.spring;

import org.ossnet.announce.listener.AnnounceListener;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The announce listener in {@code /actuator/health} (and its readiness group): UP while its selector
 * threads run, DOWN once one has failed or before it has started; UP with {@code enabled=false} when
 * it is switched off, since the servlet then serves announces alone.
 */
class AnnounceListenerHealth implements HealthIndicator {

    private final AnnounceListener listener;

    /** @param listener the listener, or null when it is disabled */
    AnnounceListenerHealth(AnnounceListener listener) {
        this.listener = listener;
    }

    @Override
    public Health health() {
        if (listener == null) {
            return Health.up().withDetail("enabled", false).build();
        }
        AnnounceListener.State state = listener.state();
        Health.Builder health = state == AnnounceListener.State.RUNNING ? Health.up() : Health.down();
        health.withDetail("enabled", true)
                .withDetail("state", state.name())
                .withDetail("port", listener.port())
                .withDetail("loops", listener.config().loops())
                .withDetail("sockets", String.valueOf(listener.sockets()))
                .withDetail("connections", listener.connections());
        Throwable failure = listener.failure();
        if (failure != null) {
            health.withDetail("failure", failure.toString());
        }
        return health.build();
    }
}
