package org.ossnet.agent.trust;

/** Thrown when a fetched snapshot must not be used; {@link #reason()} says why, and picks the CLI's exit code. */
public final class SnapshotRejectedException extends Exception {

    /** Why a snapshot was refused. */
    public enum Reason {
        /** A pinned key made the signature but it does not match, or the signature cannot be read. */
        BAD_SIGNATURE,
        /** No pinned key made the signature, or no key is pinned and trust on first use is off. */
        UNKNOWN_KEY,
        /** The signature is good but the document is not a canonical snapshot. */
        MALFORMED_SNAPSHOT,
        /** A good snapshot, but of another collection than the one asked for. */
        WRONG_COLLECTION,
        /** Its version is lower than one this agent has already accepted. */
        ROLLBACK,
        /** It has expired: whoever serves it may be hiding newer releases. */
        EXPIRED
    }

    private final Reason reason;

    public SnapshotRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
