package org.ossnet.core.credential;

import static org.ossnet.core.credential.CredentialException.Reason.EXPIRED;
import static org.ossnet.core.credential.CredentialException.Reason.MALFORMED;
import static org.ossnet.core.credential.CredentialException.Reason.NOT_SIGNED_BY_CA;
import static org.ossnet.core.credential.CredentialException.Reason.NOT_YET_VALID;
import static org.ossnet.core.credential.CredentialException.Reason.REVOCATION_LIST_EXPIRED;
import static org.ossnet.core.credential.CredentialException.Reason.REVOKED;
import static org.ossnet.core.credential.CredentialException.Reason.WRONG_KEY_USAGE;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a presented mirror certificate against the publisher's pinned mirror CA and the current revocation list,
 * the same way everywhere: the tracker's mirror registry, mirrors' TLS peer connections, signing-service's renewals.
 * In order: the certificate is signed by the CA (not self-signed, not another CA's); now lies in its validity and the
 * CA's; it is a mirror's end-entity certificate (digitalSignature, serverAuth and clientAuth, not a CA, no unknown
 * critical extension); it follows the profile (CN, ossnet:// subjectAltName URIs, EC P-256); the revocation list is
 * current (fail closed: none, or an expired one, refuses every credential); the list does not revoke it.
 *
 * <p>A plain method over {@code X509Certificate[]}, so a {@code javax.net.ssl.X509TrustManager} can call it from
 * {@code checkClientTrusted} and {@code checkServerTrusted}: {@link CredentialException} is a
 * {@code CertificateException}. The chain's first certificate is the mirror's; the rest (typically the CA certificate)
 * is ignored, since there are no intermediate CAs and the CA is pinned, not taken from the peer.
 */
public final class CredentialVerifier {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_CERT_SIGN = 5;

    /** The critical extensions this verifier understands; a certificate with another one is refused. */
    private static final Set<String> UNDERSTOOD_CRITICAL = Set.of(
            "2.5.29.15", // keyUsage
            "2.5.29.19", // basicConstraints
            "2.5.29.37", // extendedKeyUsage
            "2.5.29.17"); // subjectAltName

    private final X509Certificate ca;
    private final Clock clock;

    /**
     * @param ca the publisher's mirror CA certificate, pinned (from discovery or configuration, never from a peer)
     * @param clock the clock validity is judged by
     * @throws IllegalArgumentException when {@code ca} is not a CA certificate
     */
    public CredentialVerifier(X509Certificate ca, Clock clock) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.clock = Objects.requireNonNull(clock, "clock");
        boolean[] usage = ca.getKeyUsage();
        if (ca.getBasicConstraints() < 0 || usage == null || !usage[KEY_CERT_SIGN]) {
            throw new IllegalArgumentException(
                    "the pinned mirror CA certificate " + ca.getSubjectX500Principal() + " is not a CA certificate");
        }
    }

    /** The pinned CA certificate. */
    public X509Certificate ca() {
        return ca;
    }

    /**
     * The credential {@code chain[0]} carries, if every check holds.
     *
     * @param chain the presented certificates, the mirror's first
     * @param revocations the newest verified revocation list, or null when none has arrived yet
     * @throws CredentialException naming the first check that failed
     */
    public MirrorCredential verify(X509Certificate[] chain, RevocationList revocations) throws CredentialException {
        if (chain == null || chain.length == 0 || chain[0] == null) {
            throw new CredentialException(MALFORMED, "no certificate was presented");
        }
        if (chain.length > CredentialPem.MAX_CHAIN) {
            throw new CredentialException(
                    MALFORMED, "a chain of " + chain.length + " certificates, more than " + CredentialPem.MAX_CHAIN);
        }
        return verify(chain[0], revocations);
    }

    /** As {@link #verify(X509Certificate[], RevocationList)} for the mirror's certificate alone. */
    public MirrorCredential verify(X509Certificate certificate, RevocationList revocations) throws CredentialException {
        Objects.requireNonNull(certificate, "certificate");
        if (certificate.equals(ca)) {
            throw new CredentialException(
                    WRONG_KEY_USAGE, "the mirror CA certificate itself was presented; it is no mirror's credential");
        }
        checkIssuer(certificate);
        Instant now = clock.instant();
        checkValidity(certificate, now);
        checkUsage(certificate);
        MirrorCredential credential = MirrorCertificateProfile.read(certificate);
        if (revocations == null) {
            throw new CredentialException(
                    REVOCATION_LIST_EXPIRED,
                    "no revocation list has arrived yet; every mirror credential is refused until one does");
        }
        if (!revocations.isCurrentAt(now)) {
            throw new CredentialException(
                    REVOCATION_LIST_EXPIRED,
                    "the newest revocation list (version " + revocations.version() + ") expired at "
                            + revocations.expires() + "; every mirror credential is refused until a fresh one"
                            + " arrives");
        }
        Optional<RevocationList.Entry> revoked = revocations.revocationOf(credential);
        if (revoked.isPresent()) {
            RevocationList.Entry entry = revoked.get();
            String which = "certificate " + credential.serialHex() + " of mirror " + credential.mirror();
            throw new CredentialException(
                    REVOKED,
                    (entry.serial().isPresent()
                                    ? which + " was revoked at " + entry.revokedAt()
                                    : which + " is revoked: the mirror was revoked at " + entry.revokedAt()
                                            + ", with every certificate issued until then")
                            + " (revocation list version " + revocations.version() + ")");
        }
        return credential;
    }

    private void checkIssuer(X509Certificate certificate) throws CredentialException {
        boolean selfSigned = certificate.getIssuerX500Principal().equals(certificate.getSubjectX500Principal());
        String who =
                "the certificate of " + certificate.getSubjectX500Principal().getName();
        if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            throw new CredentialException(
                    NOT_SIGNED_BY_CA,
                    selfSigned
                            ? who + " is self-signed, not issued by the publisher's mirror CA"
                            : who + " is issued by "
                                    + certificate.getIssuerX500Principal().getName() + ", not by the"
                                    + " publisher's mirror CA "
                                    + ca.getSubjectX500Principal().getName());
        }
        try {
            certificate.verify(ca.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new CredentialException(
                    NOT_SIGNED_BY_CA,
                    who + " names the publisher's mirror CA as issuer but its signature is not the CA's (another CA"
                            + " of the same name?)");
        }
    }

    private void checkValidity(X509Certificate certificate, Instant now) throws CredentialException {
        Instant caNotAfter = ca.getNotAfter().toInstant();
        if (now.isAfter(caNotAfter)) {
            throw new CredentialException(
                    EXPIRED, "the publisher's mirror CA certificate expired at " + caNotAfter + " (now " + now + ")");
        }
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (now.isBefore(notBefore)) {
            throw new CredentialException(
                    NOT_YET_VALID,
                    "certificate " + certificate.getSerialNumber().toString(16) + " is valid only from " + notBefore
                            + " (now " + now + ")");
        }
        if (now.isAfter(notAfter)) {
            throw new CredentialException(
                    EXPIRED,
                    "certificate " + certificate.getSerialNumber().toString(16) + " expired at " + notAfter + " (now "
                            + now + ")");
        }
    }

    private static void checkUsage(X509Certificate certificate) throws CredentialException {
        String serial = "certificate " + certificate.getSerialNumber().toString(16);
        if (certificate.getBasicConstraints() >= 0) {
            throw new CredentialException(WRONG_KEY_USAGE, serial + " is a CA certificate, not a mirror's");
        }
        boolean[] usage = certificate.getKeyUsage();
        if (usage == null || !usage[DIGITAL_SIGNATURE] || (usage.length > KEY_CERT_SIGN && usage[KEY_CERT_SIGN])) {
            throw new CredentialException(
                    WRONG_KEY_USAGE, serial + " lacks key usage digitalSignature or may sign certificates");
        }
        List<String> purposes;
        try {
            purposes = certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new CredentialException(MALFORMED, serial + " has an unreadable extendedKeyUsage", e);
        }
        if (purposes == null || !purposes.contains(SERVER_AUTH) || !purposes.contains(CLIENT_AUTH)) {
            throw new CredentialException(
                    WRONG_KEY_USAGE,
                    serial + " lacks extended key usage serverAuth and clientAuth, which mirror credentials have");
        }
        Set<String> critical = certificate.getCriticalExtensionOIDs();
        if (critical != null) {
            for (String oid : critical) {
                if (!UNDERSTOOD_CRITICAL.contains(oid)) {
                    throw new CredentialException(
                            MALFORMED,
                            serial + " has a critical extension " + oid + " this verifier does not understand");
                }
            }
        }
    }
}
