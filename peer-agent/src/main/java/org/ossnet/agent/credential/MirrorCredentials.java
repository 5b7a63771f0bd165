package org.ossnet.agent.credential;

import java.io.IOException;
import java.net.URI;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.tracker.TrackerException;
import org.ossnet.agent.trust.TrustStore;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.IssuedCertificate;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.credential.CredentialException.Reason;
import org.ossnet.core.credential.CredentialPem;
import org.ossnet.core.credential.CredentialVerifier;
import org.ossnet.core.credential.MirrorCertificateProfile;
import org.ossnet.core.credential.MirrorCredential;
import org.ossnet.core.credential.MirrorGrant;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.credential.RevocationListException;
import org.ossnet.core.credential.RevocationListVerifier;
import org.ossnet.core.pgp.OpenPgpPublicKey;
import org.ossnet.core.pgp.PgpKeyException;
import org.ossnet.core.pgp.SignatureVerifier;

/**
 * Enrols a mirror with its publisher's CA through the tracker, renews its certificate and tells its status. The key
 * pair is made here and its private half never leaves {@link CredentialFiles}; every certificate the tracker returns
 * is checked with core's {@link CredentialVerifier} against the CA pinned at enrolment (from discovery) and a
 * revocation list verified with the publisher's keys before it is stored.
 */
public final class MirrorCredentials {

    private final TrackerClient client;
    private final CredentialFiles files;
    private final TrustStore trust;
    private final Clock clock;

    public MirrorCredentials(TrackerClient client, CredentialFiles files, TrustStore trust, Clock clock) {
        this.client = client;
        this.files = files;
        this.trust = trust;
        this.clock = clock;
    }

    /** A stored credential as verified now, or why it is refused or its status unknown. */
    public record Status(
            CredentialFiles.Stored stored,
            MirrorCredential credential,
            Optional<RevocationList> list,
            Optional<CredentialException> refusal,
            Optional<String> unknown) {}

    /** What an enrolment or a renewal stored. */
    public record Stored(CredentialFiles.Stored files, MirrorCredential credential, String caSha256) {}

    /**
     * Enrols mirror {@code name} with the one-time {@code token}: pins the CA from the tracker's discovery (refusing
     * one that differs from a CA pinned before), makes a key pair, sends a request for it, verifies the certificate
     * and stores key and certificate.
     *
     * @throws IllegalArgumentException when {@code name} is not a mirror name
     * @throws CredentialException when the certificate does not verify against the pinned CA
     */
    public Stored enroll(URI tracker, String token, String name)
            throws IOException, TrackerException, CredentialException {
        MirrorGrant.name(name);
        Discovery discovery = client.discoverAt(tracker);
        Discovery.MirrorCredentials published = published(discovery, tracker);
        X509Certificate ca = CredentialPem.readCertificate(published.caCertificate());
        String sha256 = MirrorCertificateProfile.fingerprint(ca);
        if (!sha256.equals(published.caSha256())) {
            throw new CredentialException(
                    Reason.MALFORMED,
                    "the tracker's discovery names CA SHA-256 " + published.caSha256() + " beside a certificate of "
                            + sha256);
        }
        Optional<X509Certificate> pinned = files.pinnedCa(discovery.publisher());
        if (pinned.isPresent() && !pinned.get().equals(ca)) {
            throw new CredentialException(
                    Reason.NOT_SIGNED_BY_CA,
                    "the tracker names mirror CA " + sha256 + ", not the one pinned for " + discovery.publisher()
                            + " (" + MirrorCertificateProfile.fingerprint(pinned.get()) + "); if the publisher"
                            + " really changed its CA, remove " + files.directory(discovery.publisher())
                            + " and enrol again");
        }
        KeyPair keys = MirrorCertificateProfile.generateKeyPair();
        IssuedCertificate issued =
                client.issueMirrorCertificate(tracker, token, CredentialPem.certificationRequest(keys, name));
        X509Certificate certificate = certificate(issued, keys);
        MirrorCredential credential =
                new CredentialVerifier(ca, clock).verify(certificate, revocationList(discovery, published));
        if (!credential.mirror().equals(name)) {
            throw new CredentialException(
                    Reason.MALFORMED, "the certificate names mirror " + credential.mirror() + ", not " + name);
        }
        files.save(discovery.publisher(), tracker, keys.getPrivate(), certificate, ca);
        return new Stored(files.load(discovery.publisher()).orElseThrow(), credential, sha256);
    }

    /**
     * Renews {@code publisher}'s credential with the same key, verifies the new certificate against the pinned CA and
     * stores it.
     *
     * @throws TrackerException 403 when the CA refuses it (revoked, expired)
     */
    public Stored renew(CredentialFiles.Stored stored) throws IOException, TrackerException, CredentialException {
        String name = MirrorCertificateProfile.read(stored.certificate()).mirror();
        IssuedCertificate issued = client.renewMirrorCertificate(
                stored.tracker(),
                CredentialPem.certificate(stored.certificate()),
                CredentialPem.certificationRequest(stored.keys(), name));
        X509Certificate certificate = certificate(issued, stored.keys());
        Discovery discovery = client.discoverAt(stored.tracker());
        MirrorCredential credential = new CredentialVerifier(stored.ca(), clock)
                .verify(certificate, revocationList(discovery, published(discovery, stored.tracker())));
        files.replaceCertificate(stored.publisher(), certificate);
        return new Stored(
                files.load(stored.publisher()).orElseThrow(),
                credential,
                MirrorCertificateProfile.fingerprint(stored.ca()));
    }

    /** The stored credential checked now against the pinned CA and the tracker's current revocation list. */
    public Status status(CredentialFiles.Stored stored) throws CredentialException {
        MirrorCredential credential = MirrorCertificateProfile.read(stored.certificate());
        RevocationList list;
        try {
            Discovery discovery = client.discoverAt(stored.tracker());
            list = revocationList(discovery, published(discovery, stored.tracker()));
        } catch (IOException | TrackerException | RevocationListException e) {
            return new Status(stored, credential, Optional.empty(), Optional.empty(), Optional.of(e.getMessage()));
        }
        try {
            new CredentialVerifier(stored.ca(), clock).verify(stored.certificate(), list);
            return new Status(stored, credential, Optional.of(list), Optional.empty(), Optional.empty());
        } catch (CredentialException e) {
            return new Status(stored, credential, Optional.of(list), Optional.of(e), Optional.empty());
        }
    }

    private static Discovery.MirrorCredentials published(Discovery discovery, URI tracker) throws IOException {
        if (discovery.mirrorCredentials() == null) {
            throw new IOException("the tracker at " + tracker + " names no mirror CA in its discovery document"
                    + " (it has not reached signing-service yet, or issues no mirror credentials)");
        }
        return discovery.mirrorCredentials();
    }

    private static X509Certificate certificate(IssuedCertificate issued, KeyPair keys) throws CredentialException {
        if (issued.certificate() == null) {
            throw new CredentialException(Reason.MALFORMED, "the tracker's answer holds no certificate");
        }
        X509Certificate certificate = CredentialPem.readCertificate(issued.certificate());
        if (!certificate.getPublicKey().equals(keys.getPublic())) {
            throw new CredentialException(
                    Reason.MALFORMED, "the certificate returned is for another key than the one this mirror made");
        }
        return certificate;
    }

    /**
     * The tracker's revocation list, verified with the publisher's pinned keys (the discovery document's when none
     * is pinned yet, as on a mirror's first run).
     */
    private RevocationList revocationList(Discovery discovery, Discovery.MirrorCredentials published)
            throws IOException, TrackerException {
        return revocationList(discovery, published, null);
    }

    /**
     * The newest revocation list of the tracker at {@code tracker}, verified with the publisher's pinned keys and
     * refused when it is older than {@code accepted} (a rollback) or expired.
     *
     * @param accepted the newest list accepted before, or null
     * @throws RevocationListException naming why the list is refused
     */
    public RevocationList revocationList(URI tracker, RevocationList accepted) throws IOException, TrackerException {
        Discovery discovery = client.discoverAt(tracker);
        return revocationList(discovery, published(discovery, tracker), accepted);
    }

    private RevocationList revocationList(
            Discovery discovery, Discovery.MirrorCredentials published, RevocationList accepted)
            throws IOException, TrackerException {
        TrackerClient.SignedDocument signed = client.revocationList(published.revocationList());
        List<OpenPgpPublicKey> keys = new ArrayList<>(trust.keys(discovery.publisher()));
        if (keys.isEmpty() && discovery.publisherKeys() != null) {
            for (PublisherKey key : discovery.publisherKeys()) {
                try {
                    keys.add(OpenPgpPublicKey.parse(key.armored()));
                } catch (PgpKeyException e) {
                    // An unreadable key verifies nothing; the others may.
                }
            }
        }
        return new RevocationListVerifier(new SignatureVerifier(keys), discovery.publisher(), clock)
                .verify(signed.document(), signed.signature(), accepted);
    }
}
