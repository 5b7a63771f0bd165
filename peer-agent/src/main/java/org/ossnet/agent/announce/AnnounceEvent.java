package org.ossnet.agent.announce;

/** The {@code event} of a BEP 3 announce; {@link #NONE} is the periodic re-announce, sent without the parameter. */
public enum AnnounceEvent {
    STARTED("started"),
    COMPLETED("completed"),
    STOPPED("stopped"),
    NONE("");

    private final String wire;

    AnnounceEvent(String wire) {
        this.wire = wire;
    }

    /** The value of the {@code event} query parameter; empty for {@link #NONE}. */
    public String wire() {
        return wire;
    }
}
