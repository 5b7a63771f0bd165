package org.ossnet.tracker.stats;

import java.time.Instant;

/**
 * What the forwarder last saw and did, replaced whole after every step so readers (health, gauges) never see half of
 * an update.
 *
 * @param enabled whether statistics are configured
 * @param backlog what waited in the outbox when last looked at
 * @param lastDeliveredAt when stats-service last acknowledged a batch, or {@code null}
 * @param failingSince when deliveries started failing, or {@code null} when the last one succeeded
 * @param lastFailure why the last delivery failed, or {@code null}
 * @param failuresInARow deliveries failed since the last success
 * @param nextAttempt when a delivery may be tried again after a failure, or {@code null}
 */
record ForwarderState(
        boolean enabled,
        Outbox.Backlog backlog,
        Instant lastDeliveredAt,
        Instant failingSince,
        String lastFailure,
        int failuresInARow,
        Instant nextAttempt) {

    static ForwarderState initial(boolean enabled) {
        return new ForwarderState(enabled, Outbox.Backlog.EMPTY, null, null, null, 0, null);
    }

    ForwarderState withBacklog(Outbox.Backlog now) {
        return new ForwarderState(
                enabled, now, lastDeliveredAt, failingSince, lastFailure, failuresInARow, nextAttempt);
    }

    ForwarderState delivered(Instant at, Outbox.Backlog now) {
        return new ForwarderState(enabled, now, at, null, null, 0, null);
    }

    ForwarderState failed(Instant at, String reason, Instant retryAt, Outbox.Backlog now) {
        return new ForwarderState(
                enabled,
                now,
                lastDeliveredAt,
                failingSince == null ? at : failingSince,
                reason,
                failuresInARow + 1,
                retryAt);
    }

    /**
     * Another failure of the outage already recorded (a delivery that was in flight when an earlier one failed): the
     * reason is the latest, the count and the next attempt stay.
     */
    ForwarderState failedAgain(String reason, Outbox.Backlog now) {
        return new ForwarderState(enabled, now, lastDeliveredAt, failingSince, reason, failuresInARow, nextAttempt);
    }
}
