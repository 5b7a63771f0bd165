package org.ossnet.signing.mirror;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ossnet.core.api.IssuedCertificate;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.credential.CredentialPem;
import org.ossnet.core.credential.MirrorGrant;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.name.OssnetName;
import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.auth.TokenDigest;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.signing.audit.AuditLog;
import org.ossnet.signing.mirror.MirrorMetrics.Operation;
import org.ossnet.signing.system.SigningProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Enrolment: the publisher creates a one-time token for a mirror name and its prefixes; the mirror presents it once
 * with a PKCS#10 request for a key it made itself and gets its first certificate. The token is consumed in the
 * transaction that records the certificate, so a second use is refused and a failed issue leaves the token usable.
 * Refusals of a real token are written to the audit log.
 */
@Service
class MirrorEnrolments {

    private static final Logger log = LoggerFactory.getLogger(MirrorEnrolments.class);

    private final Enrolments enrolments;
    private final IssuedCertificates issued;
    private final CertificateIssuer issuer;
    private final AuditLog audit;
    private final MirrorMetrics metrics;
    private final TransactionTemplate transactions;
    private final SigningProperties.Mirrors settings;
    private final Clock clock;

    MirrorEnrolments(
            Enrolments enrolments,
            IssuedCertificates issued,
            CertificateIssuer issuer,
            AuditLog audit,
            MirrorMetrics metrics,
            TransactionTemplate transactions,
            SigningProperties properties,
            Clock clock) {
        this.enrolments = enrolments;
        this.issued = issued;
        this.issuer = issuer;
        this.audit = audit;
        this.metrics = metrics;
        this.transactions = transactions;
        this.settings = properties.mirrors();
        this.clock = clock;
    }

    /** Creates an enrolment and its token, which the answer shows this once. */
    EnrolmentToken enrol(ApiCaller caller, EnrolmentRequest request) {
        MirrorGrant grant;
        try {
            grant = grant(request);
        } catch (ApiProblem refused) {
            metrics.refused(Operation.ENROL);
            throw refused;
        }
        String token = EnrolmentTokens.newToken();
        Instant now = clock.instant();
        Instant expires = now.plus(settings.enrolmentValidity());
        long id = transactions.execute(status -> {
            long created = enrolments.insert(grant, TokenDigest.sha256(token), caller.name(), now, expires);
            audit.record(
                    caller.name(),
                    "mirror-enrolment",
                    "enrolment " + created + " for mirror " + grant.mirror() + ", prefixes "
                            + CertificateIssuer.prefixes(grant) + ", token usable until " + expires);
            return created;
        });
        metrics.done(Operation.ENROL);
        log.info("'{}' enrolled mirror {} (enrolment {})", caller.name(), grant.mirror(), id);
        return new EnrolmentToken(id, grant.mirror(), CertificateIssuer.prefixes(grant), token, expires);
    }

    /**
     * Issues the first certificate of an enrolment to the holder of its token.
     *
     * @param caller the token's caller, {@code enrolment-<id>}
     * @param csr the PKCS#10 request in PEM
     */
    IssuedCertificate issue(ApiCaller caller, String csr) {
        long id = EnrolmentTokens.enrolmentId(caller);
        Enrolments.Enrolment enrolment =
                enrolments.find(id).orElseThrow(() -> ApiProblem.unauthorized("The enrolment token is unknown."));
        try {
            PublicKey key = requestKey(csr);
            IssuedCertificate certificate = transactions.execute(status -> {
                issued.lockMirror(enrolment.grant().mirror());
                Instant now = clock.instant();
                if (!enrolments.consume(id, now)) {
                    throw unusable(enrolments.find(id).orElseThrow());
                }
                return issuer.issue(enrolment.grant(), key, id, null, caller.name(), "mirror-certificate");
            });
            metrics.done(Operation.ISSUE);
            log.info(
                    "Issued certificate {} to mirror {} (enrolment {})",
                    certificate.serial(),
                    certificate.mirror(),
                    id);
            return certificate;
        } catch (ApiProblem refused) {
            metrics.refused(Operation.ISSUE);
            // Written after the refused transaction rolled back, in one of its own.
            audit.record(
                    caller.name(),
                    "mirror-refused",
                    "certificate for mirror " + enrolment.grant().mirror() + " (enrolment " + id + ") refused: "
                            + refused.getMessage());
            throw refused;
        }
    }

    static PublicKey requestKey(String csr) {
        try {
            return CredentialPem.readCertificationRequest(csr);
        } catch (CredentialException e) {
            throw ApiProblem.invalid("csr", "Not a usable certificate request: " + e.getMessage() + ".");
        }
    }

    private static ApiProblem unusable(Enrolments.Enrolment enrolment) {
        if (enrolment.usedAt() != null) {
            return ApiProblem.conflict("This enrolment token was used at " + enrolment.usedAt() + "; a token works"
                    + " once. Renew the certificate it issued, or ask the publisher for a new token.");
        }
        if (enrolment.cancelledAt() != null) {
            return ApiProblem.unauthorized("This enrolment token was cancelled at " + enrolment.cancelledAt()
                    + " when mirror " + enrolment.grant().mirror() + " was revoked.");
        }
        return ApiProblem.unauthorized(
                "This enrolment token expired at " + enrolment.expiresAt() + "; ask the publisher for a new one.");
    }

    private MirrorGrant grant(EnrolmentRequest request) {
        if (request.mirror() == null) {
            throw ApiProblem.invalid("mirror", "mirror is missing.");
        }
        if (request.prefixes() == null) {
            throw ApiProblem.invalid("prefixes", "prefixes is missing.");
        }
        try {
            MirrorGrant.name(request.mirror());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("mirror", e.getMessage() + ".");
        }
        List<OssnetName> prefixes = new ArrayList<>();
        for (int i = 0; i < request.prefixes().size(); i++) {
            String field = "prefixes[" + i + "]";
            String text = request.prefixes().get(i);
            if (text == null) {
                throw ApiProblem.invalid(field, field + " is null.");
            }
            OssnetName prefix;
            try {
                prefix = OssnetName.parse(text);
            } catch (InvalidNameException e) {
                throw ApiProblem.invalid(field, field + ": " + e.getMessage() + ".");
            }
            if (!prefix.publisher().equals(settings.publisher())) {
                throw ApiProblem.invalid(
                        field,
                        field + " names publisher " + prefix.publisher() + "; this mirror CA certifies mirrors of "
                                + settings.publisher() + " only.");
            }
            prefixes.add(prefix);
        }
        try {
            return new MirrorGrant(request.mirror(), prefixes);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(": ");
            throw ApiProblem.invalid(colon > 0 ? message.substring(0, colon) : "prefixes", message + ".");
        }
    }
}
