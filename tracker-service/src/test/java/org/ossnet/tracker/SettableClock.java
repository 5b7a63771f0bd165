package org.ossnet.tracker;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The server's clock for tests that must stand at a given instant, such as one just before an embargo ends and the
 * embargo's end itself: the system's clock until {@link #standAt} stops it there, and again after {@link #run}. A
 * test registers it as the tracker's {@code Clock} bean, which every time decision of the tracker reads.
 */
public final class SettableClock extends Clock {

    private volatile Instant standing;

    /** Stops the clock at {@code instant} until the next {@code standAt} or {@link #run}. */
    public void standAt(Instant instant) {
        standing = instant;
    }

    /** Lets the clock run with the system's again. */
    public void run() {
        standing = null;
    }

    @Override
    public Instant instant() {
        Instant now = standing;
        return now != null ? now : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the tracker reads instants only");
    }
}
