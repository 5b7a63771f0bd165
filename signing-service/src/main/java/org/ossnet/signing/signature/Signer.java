package org.ossnet.signing.signature;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.service.auth.ApiCaller;
import org.ossnet.signing.audit.AuditLog;
import org.ossnet.signing.key.KeyRing;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signs a checked document with the active publisher key and records it in the audit log, in one transaction: a
 * signature whose audit entry cannot be written is thrown away, never returned.
 */
@Service
class Signer {

    private final KeyRing keys;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final SignedVersions versions;

    Signer(KeyRing keys, AuditLog audit, TransactionTemplate transactions, SignedVersions versions) {
        this.keys = keys;
        this.audit = audit;
        this.transactions = transactions;
        this.versions = versions;
    }

    /**
     * An armored detached signature and the fingerprint of the key that made it.
     *
     * @param armored the {@code PGP SIGNATURE} block
     * @param keyFingerprint the signing key
     */
    record Signature(String armored, String keyFingerprint) {}

    Signature sign(ApiCaller caller, DocumentKind kind, byte[] document) {
        return sign(caller, kind, document, null);
    }

    /**
     * Signs a snapshot after claiming its version for its collection in the same transaction, so a refused version
     * leaves no audit entry and a failed signature no claimed version.
     */
    Signature signSnapshot(ApiCaller caller, byte[] document, Snapshot snapshot) {
        return sign(
                caller,
                DocumentKind.SNAPSHOT,
                document,
                new Claim(snapshot.collection().format(), snapshot.version()));
    }

    /** Signs a revocation list after claiming its version for its publisher, the same way. */
    Signature signRevocationList(ApiCaller caller, byte[] document, RevocationList list) {
        return sign(
                caller,
                DocumentKind.REVOCATION_LIST,
                document,
                new Claim("revocation-list ossnet://" + list.publisher() + "/", list.version()));
    }

    /** A version claimed in a series (a collection, or a publisher's revocation lists) that only rises. */
    private record Claim(String series, long version) {}

    private Signature sign(ApiCaller caller, DocumentKind kind, byte[] document, Claim claim) {
        byte[] sha256 = sha256(document);
        return transactions.execute(status -> {
            if (claim != null) {
                versions.claim(claim.series(), claim.version(), sha256);
            }
            SigningKey key = keys.active();
            String armored = key.sign(document);
            audit.append(caller.name(), kind.urlName(), sha256, key.fingerprint());
            return new Signature(armored, key.fingerprint());
        });
    }

    private static byte[] sha256(byte[] document) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(document);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
