package org.ossnet.agent.credential;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.tls.MirrorTls;
import org.ossnet.agent.tls.TlsLimits;
import org.ossnet.core.credential.CredentialVerifier;

/**
 * A credentialed agent's identity at run time ({@code ossnet mirror run}, or {@code ossnet seed} as the publisher's
 * origin), built from the credential {@code ossnet mirror enroll} stored: the signer of its requests to the tracker,
 * its copy of the revocation list (followed every few seconds), and its side of private swarms on a listener, whose
 * TLS peers are re-checked on every fresh list and refused by every handshake once the list has expired. A renewed
 * certificate ({@link #renewed}) is used by the next request and the next handshake.
 */
public final class MirrorIdentity implements AutoCloseable {

    private final AtomicReference<CredentialFiles.Stored> current;
    private final RequestSigner signer;
    private final RevocationFollower revocations;
    private final Clock clock;
    private volatile MirrorTls tls;

    private MirrorIdentity(CredentialFiles.Stored stored, RevocationFollower revocations, Clock clock) {
        this.current = new AtomicReference<>(stored);
        this.signer = new RequestSigner(current::get, clock);
        this.revocations = revocations;
        this.clock = clock;
    }

    /**
     * The identity of the credential stored for {@code publisher}, its revocation list fetched once already; empty
     * when none is stored (the agent then carries public swarms only).
     */
    public static Optional<MirrorIdentity> load(
            CredentialFiles files, String publisher, MirrorCredentials credentials, Clock clock, Duration listInterval)
            throws Exception {
        Optional<CredentialFiles.Stored> stored = files.load(publisher);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        RevocationFollower follower =
                RevocationFollower.of(credentials, stored.get().tracker(), clock, listInterval);
        return Optional.of(new MirrorIdentity(stored.get(), follower.start(), clock));
    }

    /** Signs requests to the credential's tracker. */
    public RequestSigner signer() {
        return signer;
    }

    /** The base URL of the tracker the credential came from. */
    public URI tracker() {
        return current.get().tracker();
    }

    /** The revocation list as followed. */
    public RevocationFollower revocations() {
        return revocations;
    }

    /**
     * This agent's side of private swarms on {@code listener}: accepted TLS connections are routed to its private
     * sessions, and their TLS peers are re-checked with every fresh list (and when the held one expires).
     */
    public synchronized MirrorTls serveOn(PeerListener listener) {
        if (tls != null) {
            throw new IllegalStateException("private swarms are served on one listener");
        }
        CredentialFiles.Stored stored = current.get();
        MirrorTls made = new MirrorTls(
                stored.keys().getPrivate(),
                List.of(stored.certificate(), stored.ca()),
                new CredentialVerifier(stored.ca(), clock),
                revocations::current,
                listener.privateSwarms(),
                TlsLimits.DEFAULTS);
        listener.acceptTls(made);
        revocations.onChange(listener::recheckTlsPeers);
        tls = made;
        return made;
    }

    /** Uses a renewed certificate (same key) from the next request and handshake on. */
    public void renewed(CredentialFiles.Stored stored) {
        current.set(stored);
        MirrorTls known = tls;
        if (known != null) {
            known.present(stored.keys().getPrivate(), List.of(stored.certificate(), stored.ca()));
        }
    }

    @Override
    public void close() {
        revocations.close();
    }
}
