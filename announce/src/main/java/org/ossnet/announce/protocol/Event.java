package org.ossnet.announce.protocol;

/** The {@code event} of an announce (BEP 3); {@link #NONE} for a regular re-announce. */
public enum Event {
    /** A regular re-announce: {@code event} absent or empty (BEP 21's {@code paused} is read as this too). */
    NONE,
    /** The peer joins the swarm. */
    STARTED,
    /** The peer leaves the swarm. */
    STOPPED,
    /** The peer finished downloading and is a seed now. */
    COMPLETED
}
