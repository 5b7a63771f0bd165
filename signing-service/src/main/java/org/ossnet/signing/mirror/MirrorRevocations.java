package org.ossnet.signing.mirror;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.ossnet.core.credential.MirrorGrant;
import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.signing.audit.AuditLog;
import org.ossnet.signing.mirror.MirrorMetrics.Operation;
import org.ossnet.signing.revocation.RevocationLists;
import org.ossnet.signing.revocation.Revocations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Revokes a mirror: every certificate it holds now (every one whose {@code notBefore} is at or before the
 * revocation), every renewal from them, and its unused enrolment tokens; then signs the next revocation list, all in
 * one transaction, so the answer names the list version that carries the revocation. The publisher may enrol the
 * name again later with a new token; certificates issued then start after the revocation.
 */
@Service
class MirrorRevocations {

    private static final Logger log = LoggerFactory.getLogger(MirrorRevocations.class);

    private final Enrolments enrolments;
    private final IssuedCertificates issued;
    private final Revocations revocations;
    private final RevocationLists lists;
    private final AuditLog audit;
    private final MirrorMetrics metrics;
    private final TransactionTemplate transactions;
    private final Clock clock;

    MirrorRevocations(
            Enrolments enrolments,
            IssuedCertificates issued,
            Revocations revocations,
            RevocationLists lists,
            AuditLog audit,
            MirrorMetrics metrics,
            TransactionTemplate transactions,
            Clock clock) {
        this.enrolments = enrolments;
        this.issued = issued;
        this.revocations = revocations;
        this.lists = lists;
        this.audit = audit;
        this.metrics = metrics;
        this.transactions = transactions;
        this.clock = clock;
    }

    MirrorRevoked revoke(ApiCaller caller, String mirror) {
        try {
            MirrorGrant.name(mirror);
        } catch (IllegalArgumentException e) {
            metrics.refused(Operation.REVOKE);
            throw ApiProblem.invalid("name", e.getMessage() + ".");
        }
        MirrorRevoked revoked = transactions.execute(status -> {
            issued.lockMirror(mirror);
            if (!enrolments.exists(mirror)) {
                throw ApiProblem.notFound("No mirror named " + mirror + " was ever enrolled.");
            }
            Instant now = clock.instant();
            // Rounded up to whole seconds, as the list writes it, so it covers every certificate issued until now.
            Instant revokedAt = now.truncatedTo(ChronoUnit.SECONDS).equals(now)
                    ? now
                    : now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
            revocations.revokeMirror(mirror, revokedAt, caller.name());
            int cancelled = enrolments.cancelUnused(mirror, now);
            int unexpired = issued.countUnexpired(mirror, now);
            long version = lists.publishNext(caller.name()).list().version();
            audit.record(
                    caller.name(),
                    "mirror-revocation",
                    "mirror " + mirror + " revoked at " + revokedAt + ": " + unexpired + " unexpired certificates, "
                            + cancelled + " unused enrolment tokens cancelled; revocation list version " + version);
            return new MirrorRevoked(mirror, revokedAt, unexpired, cancelled, version);
        });
        metrics.done(Operation.REVOKE);
        log.info(
                "'{}' revoked mirror {}; revocation list version {} carries it",
                caller.name(),
                mirror,
                revoked.revocationListVersion());
        return revoked;
    }
}
