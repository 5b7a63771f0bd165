package org.ossnet.core.pgp;

/** Thrown when key material cannot be read or unlocked; {@link #reason()} says why. */
public final class PgpKeyException extends Exception {

    /** What went wrong with the key. */
    public enum Reason {
        /** Not a single well-formed key of the expected kind. */
        MALFORMED,
        /** The passphrase does not unlock the secret key (or the encrypted key is damaged, which looks the same). */
        WRONG_PASSPHRASE,
        /** A secret key that is stored without passphrase protection. */
        UNPROTECTED
    }

    private final Reason reason;

    PgpKeyException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    PgpKeyException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
