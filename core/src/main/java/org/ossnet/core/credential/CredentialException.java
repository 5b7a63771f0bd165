package org.ossnet.core.credential;

import java.security.cert.CertificateException;
import java.util.Objects;

/**
 * Thrown when a mirror credential is refused; {@link #reason()} says why, so that each caller can map it to its own
 * HTTP status, TLS alert or CLI exit code. A {@link CertificateException}, so a {@code javax.net.ssl.X509TrustManager}
 * can let it propagate as it is.
 */
public final class CredentialException extends CertificateException {

    /** Why a credential is refused. */
    public enum Reason {
        /** Not a certificate (or request) of the mirror profile: unreadable, a wrong key type, no mirror name. */
        MALFORMED,
        /** Not issued by the pinned mirror CA: self-signed, or signed by another CA. */
        NOT_SIGNED_BY_CA,
        /** Its validity has ended (or the CA certificate's has). */
        EXPIRED,
        /** Its validity has not begun. */
        NOT_YET_VALID,
        /** Not a mirror's end-entity certificate: digitalSignature or an extended key usage missing, or a CA. */
        WRONG_KEY_USAGE,
        /** The name asked about lies under none of its prefixes. */
        WRONG_PREFIX,
        /** The revocation list revokes it, by serial or by mirror name. */
        REVOKED,
        /** There is no current revocation list (none yet, or the newest has expired): every credential is refused. */
        REVOCATION_LIST_EXPIRED,
        /** A signed request whose signature does not verify with the presented certificate's key, or cannot be read. */
        BAD_SIGNATURE,
        /** A signed request signed too long before (or after) the receiver's clock: outside the accepted window. */
        STALE,
        /** A signed request already received once: the same certificate and nonce inside the window. */
        REPLAYED
    }

    private final Reason reason;

    public CredentialException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    CredentialException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
