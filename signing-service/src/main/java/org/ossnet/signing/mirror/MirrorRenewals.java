package org.ossnet.signing.mirror;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.ossnet.core.api.IssuedCertificate;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.credential.CredentialPem;
import org.ossnet.core.credential.CredentialVerifier;
import org.ossnet.core.credential.MirrorCertificateProfile;
import org.ossnet.core.credential.MirrorCredential;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.signing.audit.AuditLog;
import org.ossnet.signing.ca.MirrorCa;
import org.ossnet.signing.mirror.MirrorMetrics.Operation;
import org.ossnet.signing.revocation.RevocationLists;
import org.ossnet.signing.revocation.Revocations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Renewal: a mirror presents its current certificate and a PKCS#10 request for the same key, signed with it (the
 * proof of possession), and gets a new certificate with the same name and prefixes. The certificate must pass core's
 * {@link CredentialVerifier} against this CA and the current revocation list, and this CA's records must know it and
 * hold no revocation of it: an expired, revoked or foreign certificate is refused, and so is a request for another
 * key (a new key means a new enrolment). Refusals of a certificate this CA issued are written to the audit log;
 * anonymous garbage is only counted, so no one can fill the append-only log without a credential.
 *
 * <p>A replayed renewal body yields a certificate for a key only its holder can use, so it gains an attacker nothing.
 */
@Service
class MirrorRenewals {

    private static final Logger log = LoggerFactory.getLogger(MirrorRenewals.class);

    private final MirrorCa ca;
    private final RevocationLists lists;
    private final Revocations revocations;
    private final IssuedCertificates issued;
    private final CertificateIssuer issuer;
    private final AuditLog audit;
    private final MirrorMetrics metrics;
    private final TransactionTemplate transactions;
    private final Clock clock;

    MirrorRenewals(
            MirrorCa ca,
            RevocationLists lists,
            Revocations revocations,
            IssuedCertificates issued,
            CertificateIssuer issuer,
            AuditLog audit,
            MirrorMetrics metrics,
            TransactionTemplate transactions,
            Clock clock) {
        this.ca = ca;
        this.lists = lists;
        this.revocations = revocations;
        this.issued = issued;
        this.issuer = issuer;
        this.audit = audit;
        this.metrics = metrics;
        this.transactions = transactions;
        this.clock = clock;
    }

    IssuedCertificate renew(RenewalRequest request) {
        X509Certificate certificate = null;
        try {
            certificate = certificate(request.certificate());
            PublicKey key = MirrorEnrolments.requestKey(required(request.csr(), "csr"));
            MirrorCredential current = verify(certificate);
            if (!Arrays.equals(key.getEncoded(), certificate.getPublicKey().getEncoded())) {
                throw ApiProblem.invalid(
                        "csr",
                        "The request's key (SHA-256 " + MirrorCertificateProfile.keyFingerprint(key) + ") is not the"
                                + " certificate's; a renewal keeps the key. A new key needs a new enrolment.");
            }
            IssuedCertificate renewed = transactions.execute(status -> renewInTransaction(current, key));
            metrics.done(Operation.RENEW);
            log.info(
                    "Renewed certificate {} of mirror {} as {}",
                    current.serialHex(),
                    current.mirror(),
                    renewed.serial());
            return renewed;
        } catch (ApiProblem refused) {
            metrics.refused(Operation.RENEW);
            issuedHere(certificate)
                    .ifPresent(mirror -> audit.record(
                            caller(mirror.mirror()),
                            "mirror-refused",
                            "renewal of certificate " + mirror.serialHex() + " of mirror " + mirror.mirror()
                                    + " refused: " + refused.getMessage()));
            throw refused;
        }
    }

    private IssuedCertificate renewInTransaction(MirrorCredential current, PublicKey key) {
        issued.lockMirror(current.mirror());
        IssuedCertificates.Issued record = issued.find(current.serialHex())
                .orElseThrow(() -> ApiProblem.forbidden(
                        "Certificate " + current.serialHex() + " is not in this mirror CA's records; enrol again."));
        Optional<Instant> mirrorRevoked = revocations.mirrorRevokedAt(current.mirror());
        if (mirrorRevoked.isPresent() && !current.notBefore().isAfter(mirrorRevoked.get())) {
            throw ApiProblem.forbidden("Mirror " + current.mirror() + " was revoked at " + mirrorRevoked.get()
                    + "; its certificates are not renewed.");
        }
        revocations.certificateRevokedAt(current.serialHex()).ifPresent(at -> {
            throw ApiProblem.forbidden("Certificate " + current.serialHex() + " was revoked at " + at + ".");
        });
        return issuer.issue(
                current.grant(),
                key,
                record.enrolmentId(),
                current.serialHex(),
                caller(current.mirror()),
                "mirror-renewal");
    }

    private MirrorCredential verify(X509Certificate certificate) {
        RevocationLists.Published list = lists.current()
                .orElseThrow(() -> ApiProblem.unavailable(
                        "Revocation list unavailable",
                        "There is no current revocation list to check the certificate against; try again shortly."));
        try {
            return new CredentialVerifier(ca.certificate(), clock).verify(certificate, list.list());
        } catch (CredentialException e) {
            throw switch (e.reason()) {
                case MALFORMED, WRONG_KEY_USAGE, WRONG_PREFIX ->
                    ApiProblem.invalid("certificate", "Not a mirror certificate: " + e.getMessage() + ".");
                case NOT_SIGNED_BY_CA, EXPIRED, NOT_YET_VALID, REVOKED, BAD_SIGNATURE, STALE, REPLAYED ->
                    ApiProblem.forbidden("The certificate is refused: " + e.getMessage() + ".");
                case REVOCATION_LIST_EXPIRED -> ApiProblem.unavailable("Revocation list unavailable", e.getMessage());
            };
        }
    }

    /** The certificate's mirror and serial when this CA issued it (whatever else is wrong), for the audit log. */
    private Optional<MirrorCredential> issuedHere(X509Certificate certificate) {
        if (certificate == null) {
            return Optional.empty();
        }
        try {
            certificate.verify(ca.certificate().getPublicKey());
            return Optional.of(MirrorCertificateProfile.read(certificate));
        } catch (GeneralSecurityException | RuntimeException e) {
            // Not this CA's, or not readable: anonymous, so only counted.
            return Optional.empty();
        }
    }

    private static X509Certificate certificate(String pem) {
        try {
            return CredentialPem.readCertificate(required(pem, "certificate"));
        } catch (CredentialException e) {
            throw ApiProblem.invalid("certificate", "Not a certificate: " + e.getMessage() + ".");
        }
    }

    private static String required(String value, String field) {
        if (value == null) {
            throw ApiProblem.invalid(field, field + " is missing.");
        }
        return value;
    }

    private static String caller(String mirror) {
        return "mirror " + mirror;
    }
}
