package org.ossnet.agent.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.credential.CredentialVerifier;
import org.ossnet.core.credential.MirrorCredential;
import org.ossnet.core.credential.RevocationList;

/**
 * Trusts a peer's certificate when {@link CredentialVerifier} accepts it against the revocation list current at this
 * handshake and it covers the swarm's name, in both roles. The JDK's own checks (PKIX paths, host names) do not run:
 * an {@link X509ExtendedTrustManager} is used as it is, and the CA is pinned, not a trust store.
 */
final class CredentialTrust extends X509ExtendedTrustManager {

    private final CredentialVerifier verifier;
    private final Supplier<RevocationList> revocations;
    private final Function<SSLEngine, Attempt> attempts;

    CredentialTrust(
            CredentialVerifier verifier, Supplier<RevocationList> revocations, Function<SSLEngine, Attempt> attempts) {
        this.verifier = verifier;
        this.revocations = revocations;
        this.attempts = attempts;
    }

    /**
     * The peer's credential, if {@code chain} is a valid, unrevoked mirror credential covering {@code name}.
     *
     * @throws CredentialException naming the first check that failed
     */
    static MirrorCredential check(
            CredentialVerifier verifier, X509Certificate[] chain, RevocationList revocations, Attempt attempt)
            throws CredentialException {
        MirrorCredential credential = verifier.verify(chain, revocations);
        credential.requireCovers(attempt.name());
        return credential;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, engine);
    }

    private void check(X509Certificate[] chain, SSLEngine engine) throws CertificateException {
        Attempt attempt = attempts.apply(engine);
        if (attempt == null || attempt.name() == null) {
            throw new CertificateException("no private swarm was chosen for this handshake");
        }
        try {
            check(verifier, chain, revocations.get(), attempt);
        } catch (CredentialException e) {
            attempt.refuse(TlsRefusedException.credential(e));
            throw e;
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {verifier.ca()};
    }

    // Mirror TLS runs over SSLEngine only; the socket and engine-less variants trust nothing.

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("mirror TLS checks credentials over an SSLEngine only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("mirror TLS checks credentials over an SSLEngine only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("mirror TLS checks credentials over an SSLEngine only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("mirror TLS checks credentials over an SSLEngine only");
    }
}
