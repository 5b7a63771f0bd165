package org.ossnet.core.pgp;

/** Thrown when a detached signature does not prove that a trusted key signed the data; {@link #reason()} says why. */
public final class SignatureVerificationException extends Exception {

    /** Why verification failed; callers map each to its own CLI exit code or HTTP status. */
    public enum Reason {
        /** A trusted key made the signature but it does not match the data, or the key may not sign it. */
        BAD_SIGNATURE,
        /** The signature is well-formed but none of its issuers is a trusted key. */
        UNKNOWN_KEY,
        /** The input is not a detached document signature this code understands. */
        MALFORMED
    }

    private final Reason reason;

    SignatureVerificationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    SignatureVerificationException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
