package org.ossnet.signing.audit;

import java.util.HexFormat;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code audit_log} table, which a database trigger keeps append-only: every signature made with the publisher's
 * key, and everything the mirror CA does (enrolments, certificates, renewals, refusals, revocations). Entries never
 * hold a token, a passphrase or private key material.
 */
@Repository
public class AuditLog {

    private final JdbcClient jdbc;

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a signature; call it in the transaction that makes the signature, so neither exists alone. */
    public void append(String caller, String kind, byte[] sha256, String keyFingerprint) {
        append(caller, kind, sha256, keyFingerprint, null);
    }

    /**
     * Records a signature or a certificate with what it was for; call it in the transaction that makes it.
     *
     * @param sha256 SHA-256 of the exact bytes signed (a document, or a certificate's DER)
     * @param keyFingerprint the key that signed: the publisher key's OpenPGP fingerprint, or the SHA-256 of the mirror
     *     CA certificate
     * @param detail what happened, in a sentence, or null
     */
    public void append(String caller, String kind, byte[] sha256, String keyFingerprint, String detail) {
        jdbc.sql("INSERT INTO audit_log (caller, document_kind, sha256, key_fingerprint, detail)"
                        + " VALUES (?, ?, ?, ?, ?)")
                .param(caller)
                .param(kind)
                .param(sha256)
                .param(keyFingerprint)
                .param(detail)
                .update();
    }

    /** Records an event that signs nothing, such as an enrolment, a revocation or a refused request. */
    public void record(String caller, String kind, String detail) {
        append(caller, kind, null, null, detail);
    }

    List<AuditEntry> newest(int limit) {
        return jdbc.sql("SELECT id, caller, document_kind, sha256, key_fingerprint, detail, signed_at FROM audit_log"
                        + " ORDER BY id DESC LIMIT ?")
                .param(limit)
                .query((rs, row) -> {
                    byte[] sha256 = rs.getBytes("sha256");
                    return new AuditEntry(
                            rs.getLong("id"),
                            rs.getString("caller"),
                            rs.getString("document_kind"),
                            sha256 == null ? null : HexFormat.of().formatHex(sha256),
                            rs.getString("key_fingerprint"),
                            rs.getString("detail"),
                            rs.getTimestamp("signed_at").toInstant());
                })
                .list();
    }
}
