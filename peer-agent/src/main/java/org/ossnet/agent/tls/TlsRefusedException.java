package org.ossnet.agent.tls;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.ossnet.core.credential.CredentialException;

/**
 * Thrown when a TLS peer connection is not established; {@link #reason()} says why, and for a refused credential
 * {@link #credentialReason()} says what was wrong with it. The connection is closed by then, and no application byte
 * was sent on it.
 */
public final class TlsRefusedException extends IOException {

    /** Why a connection was not established. */
    public enum Reason {
        /** This side refused the peer's credential; see {@link #credentialReason()}. */
        CREDENTIAL,
        /** The peer presented no certificate. */
        NO_CERTIFICATE,
        /** The client's SNI names no private swarm served here, or it sent none. */
        UNKNOWN_SWARM,
        /** The peer does not speak TLS 1.3: plain BitTorrent, an older TLS, or bytes that are no TLS at all. */
        PROTOCOL,
        /** The handshake did not finish within {@link TlsLimits#handshakeTimeout()}. */
        TIMEOUT,
        /** The peer closed or reset the connection during the handshake. */
        CLOSED,
        /** The peer refused this side, with a TLS alert: our credential, our swarm or our protocol. */
        REFUSED_BY_PEER
    }

    private final Reason reason;
    private final CredentialException.Reason credentialReason;

    TlsRefusedException(Reason reason, String message) {
        this(reason, null, message);
    }

    private TlsRefusedException(Reason reason, CredentialException.Reason credentialReason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.credentialReason = credentialReason;
    }

    /** A refusal of the peer's credential, with the verifier's reason and message. */
    static TlsRefusedException credential(CredentialException e) {
        return new TlsRefusedException(
                Reason.CREDENTIAL, e.reason(), "the peer's mirror credential is refused: " + e.getMessage());
    }

    public Reason reason() {
        return reason;
    }

    /** What was wrong with the peer's credential, for {@link Reason#CREDENTIAL}; otherwise empty. */
    public Optional<CredentialException.Reason> credentialReason() {
        return Optional.ofNullable(credentialReason);
    }
}
