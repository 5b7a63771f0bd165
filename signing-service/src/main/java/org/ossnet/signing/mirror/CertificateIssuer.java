package org.ossnet.signing.mirror;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.ossnet.core.api.IssuedCertificate;
import org.ossnet.core.credential.CredentialPem;
import org.ossnet.core.credential.MirrorCertificateProfile;
import org.ossnet.core.credential.MirrorCredential;
import org.ossnet.core.credential.MirrorGrant;
import org.ossnet.core.name.OssnetName;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.signing.audit.AuditLog;
import org.ossnet.signing.ca.MirrorCa;
import org.ossnet.signing.revocation.Revocations;
import org.ossnet.signing.system.SigningProperties;
import org.springframework.stereotype.Component;

/**
 * The one step enrolment and renewal share: choose the validity, issue by the profile, record the certificate and
 * write its audit entry. Call it inside the transaction that holds the mirror's lock.
 *
 * <p>A certificate starts {@code max-clock-skew} before it is issued, so verifiers whose clocks are behind accept it at
 * once, but never at or before the mirror's last revocation, which would revoke it; it ends
 * {@code mirrors.certificate-validity} after it is issued, and never after the CA certificate.
 */
@Component
class CertificateIssuer {

    private final MirrorCa ca;
    private final IssuedCertificates issued;
    private final Revocations revocations;
    private final AuditLog audit;
    private final SigningProperties properties;
    private final Clock clock;

    CertificateIssuer(
            MirrorCa ca,
            IssuedCertificates issued,
            Revocations revocations,
            AuditLog audit,
            SigningProperties properties,
            Clock clock) {
        this.ca = ca;
        this.issued = issued;
        this.revocations = revocations;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @param renewedFrom the serial renewed, or null for a certificate issued on enrolment
     * @param kind the audit entry's kind: {@code mirror-certificate} or {@code mirror-renewal}
     */
    IssuedCertificate issue(
            MirrorGrant grant, PublicKey key, long enrolmentId, String renewedFrom, String caller, String kind) {
        Instant now = clock.instant();
        Instant notBefore = now.minus(properties.maxClockSkew()).truncatedTo(ChronoUnit.SECONDS);
        Optional<Instant> revokedAt = revocations.mirrorRevokedAt(grant.mirror());
        if (revokedAt.isPresent() && !notBefore.isAfter(revokedAt.get())) {
            notBefore = revokedAt.get().plusSeconds(1);
        }
        Instant notAfter = now.plus(properties.mirrors().certificateValidity());
        if (notAfter.isAfter(ca.notAfter())) {
            notAfter = ca.notAfter();
        }
        if (!notAfter.isAfter(notBefore)) {
            throw ApiProblem.unavailable(
                    "Mirror CA expired",
                    "The mirror CA certificate expires at " + ca.notAfter() + " and can vouch for nothing longer;"
                            + " the publisher must replace the CA.");
        }
        MirrorCredential credential =
                new MirrorCredential(grant, MirrorCertificateProfile.newSerial(), notBefore, notAfter);
        X509Certificate certificate = ca.issue(key, credential);
        issued.insert(credential, enrolmentId, renewedFrom, MirrorCertificateProfile.keyFingerprint(key));
        audit.append(
                caller,
                kind,
                sha256(certificate),
                ca.fingerprint(),
                (renewedFrom == null ? "issued" : "renewed " + renewedFrom + " as") + " certificate "
                        + credential.serialHex() + " for mirror " + grant.mirror() + " (enrolment " + enrolmentId
                        + "), prefixes " + prefixes(grant) + ", key " + MirrorCertificateProfile.keyFingerprint(key)
                        + ", valid " + credential.notBefore() + " to " + credential.notAfter());
        return new IssuedCertificate(
                grant.mirror(),
                credential.serialHex(),
                prefixes(grant),
                credential.notBefore(),
                credential.notAfter(),
                CredentialPem.certificate(certificate),
                ca.certificatePem());
    }

    static List<String> prefixes(MirrorGrant grant) {
        return grant.prefixes().stream().map(OssnetName::format).toList();
    }

    private static byte[] sha256(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("an issued certificate always encodes", e);
        }
    }
}
