package org.ossnet.agent.announce;

import java.io.IOException;

/** An announce the tracker refused with a {@code failure reason}, or whose reply could not be read. */
public final class AnnounceException extends IOException {

    private final String failureReason;

    private AnnounceException(String message, String failureReason) {
        super(message);
        this.failureReason = failureReason;
    }

    /** The tracker answered with a bencoded {@code failure reason}. */
    static AnnounceException refused(String tracker, String reason) {
        return new AnnounceException("the tracker " + tracker + " refused the announce: " + reason, reason);
    }

    /** The reply is not a valid announce reply. */
    static AnnounceException malformed(String tracker, String problem) {
        return new AnnounceException("the tracker " + tracker + " sent an invalid announce reply: " + problem, null);
    }

    /** The tracker's {@code failure reason}, or {@code null} when the reply itself was the problem. */
    public String failureReason() {
        return failureReason;
    }
}
