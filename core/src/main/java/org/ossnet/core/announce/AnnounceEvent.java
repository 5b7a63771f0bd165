package org.ossnet.core.announce;

import java.util.Optional;

/** The {@code event} of an announce (BEP 3); {@link #NONE} is the periodic re-announce, sent without the parameter. */
public enum AnnounceEvent {
    /** A regular re-announce: {@code event} absent or empty (BEP 21's {@code paused} is read as this too). */
    NONE(""),
    /** The peer joins the swarm. */
    STARTED("started"),
    /** The peer leaves the swarm. */
    STOPPED("stopped"),
    /** The peer finished downloading and is a seed now. */
    COMPLETED("completed");

    private final String wire;

    AnnounceEvent(String wire) {
        this.wire = wire;
    }

    /** The value of the {@code event} parameter; empty for {@link #NONE}, which is sent by leaving it out. */
    public String wire() {
        return wire;
    }

    /** The event a wire value names: {@code started}, {@code stopped}, {@code completed}, {@code paused} or empty. */
    public static Optional<AnnounceEvent> fromWire(String text) {
        return switch (text) {
            case "", "paused" -> Optional.of(NONE);
            case "started" -> Optional.of(STARTED);
            case "stopped" -> Optional.of(STOPPED);
            case "completed" -> Optional.of(COMPLETED);
            default -> Optional.empty();
        };
    }
}
