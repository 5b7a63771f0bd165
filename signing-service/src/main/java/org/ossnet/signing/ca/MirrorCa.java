package org.ossnet.signing.ca;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.credential.CredentialPem;
import org.ossnet.core.credential.MirrorCertificateProfile;
import org.ossnet.core.credential.MirrorCredential;
import org.ossnet.signing.key.KeyPassphrase;
import org.ossnet.signing.system.SigningProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The mirror CA as the service uses it: made on the very first start (an EC P-256 key pair and a self-signed
 * certificate valid for {@code mirrors.ca-validity}), stored with the key encrypted, and unlocked on every start
 * before the service takes requests, so a wrong passphrase stops the start-up. Replicas starting on an empty
 * database at once make one CA between them.
 */
@Component
public class MirrorCa implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(MirrorCa.class);

    private final MirrorCaStore store;
    private final KeyPassphrase passphrase;
    private final SigningProperties.Mirrors settings;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private volatile Unlocked unlocked;

    private record Unlocked(X509Certificate certificate, PrivateKey key, String pem, String fingerprint) {}

    MirrorCa(MirrorCaStore store, SigningProperties properties, TransactionTemplate transactions, Clock clock) {
        this.store = store;
        this.passphrase = KeyPassphrase.from(properties);
        this.settings = properties.mirrors();
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (store.find().isEmpty()) {
            createIfNone();
        }
        MirrorCaStore.Stored stored = store.find().orElseThrow();
        X509Certificate certificate;
        try {
            certificate = CredentialPem.readCertificate(stored.certificatePem());
        } catch (CredentialException e) {
            throw new IllegalStateException("the stored mirror CA certificate is unreadable: " + e.getMessage(), e);
        }
        PrivateKey key = CaKeyProtection.decrypt(stored.encryptedKey(), passphrase.chars());
        checkPair(certificate.getPublicKey(), key);
        String fingerprint = MirrorCertificateProfile.fingerprint(certificate);
        unlocked = new Unlocked(certificate, key, CredentialPem.certificate(certificate), fingerprint);
        String subject = certificate.getSubjectX500Principal().getName();
        if (!subject.contains("O=" + settings.publisher())) {
            log.warn(
                    "The mirror CA certificate ({}) was made for another publisher than"
                            + " ossnet.signing.mirrors.publisher ({}); certificates name the configured one",
                    subject,
                    settings.publisher());
        }
        log.info(
                "Mirror CA {} (SHA-256 {}) is valid until {}",
                subject,
                fingerprint,
                certificate.getNotAfter().toInstant());
    }

    /** The CA certificate, as verifiers pin it. */
    public X509Certificate certificate() {
        return state().certificate();
    }

    /** The CA certificate in PEM. */
    public String certificatePem() {
        return state().pem();
    }

    /** The SHA-256 of the CA certificate, 64 lower-case hex digits. */
    public String fingerprint() {
        return state().fingerprint();
    }

    /** The last instant the CA may vouch for: no certificate it issues outlives it. */
    public Instant notAfter() {
        return state().certificate().getNotAfter().toInstant();
    }

    /** Issues the certificate that says {@code credential} of {@code mirrorKey}, by the one profile in core. */
    public X509Certificate issue(PublicKey mirrorKey, MirrorCredential credential) {
        Unlocked ca = state();
        return MirrorCertificateProfile.mirrorCertificate(ca.certificate(), ca.key(), mirrorKey, credential);
    }

    private void createIfNone() {
        // Made and encrypted before taking the lock: the key derivation is the slow part and needs no lock.
        Instant now = clock.instant();
        KeyPair keys = MirrorCertificateProfile.generateKeyPair();
        X509Certificate certificate = MirrorCertificateProfile.caCertificate(
                keys, settings.publisher(), now.minus(Duration.ofMinutes(5)), now.plus(settings.caValidity()));
        byte[] encrypted = CaKeyProtection.encrypt(keys.getPrivate(), passphrase.chars());
        Boolean created = transactions.execute(status -> {
            store.lockUntilCommit();
            if (store.find().isPresent()) {
                return false;
            }
            store.insert(CredentialPem.certificate(certificate), encrypted);
            return true;
        });
        if (Boolean.TRUE.equals(created)) {
            log.info("Made the mirror CA for {}", settings.publisher());
        }
    }

    private Unlocked state() {
        Unlocked ca = unlocked;
        if (ca == null) {
            throw new IllegalStateException("the mirror CA is not unlocked yet");
        }
        return ca;
    }

    /** A stored key that does not match the stored certificate would issue certificates nobody can verify. */
    private static void checkPair(PublicKey publicKey, PrivateKey privateKey) {
        try {
            byte[] probe = "ossnet mirror CA key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(MirrorCertificateProfile.SIGNATURE_ALGORITHM);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(MirrorCertificateProfile.SIGNATURE_ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the stored mirror CA key is unusable: " + e.getMessage(), e);
        }
        throw new IllegalStateException("the stored mirror CA key does not belong to the stored CA certificate");
    }
}
