package org.ossnet.signing.audit;

import java.util.HexFormat;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code audit_log} table, which a database trigger keeps append-only. */
@Repository
public class AuditLog {

    private final JdbcClient jdbc;

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a signature; call it in the transaction that makes the signature, so neither exists alone. */
    public void append(String caller, String kind, byte[] sha256, String keyFingerprint) {
        jdbc.sql("INSERT INTO audit_log (caller, document_kind, sha256, key_fingerprint) VALUES (?, ?, ?, ?)")
                .param(caller)
                .param(kind)
                .param(sha256)
                .param(keyFingerprint)
                .update();
    }

    List<AuditEntry> newest(int limit) {
        return jdbc.sql("SELECT id, caller, document_kind, sha256, key_fingerprint, signed_at FROM audit_log"
                        + " ORDER BY id DESC LIMIT ?")
                .param(limit)
                .query((rs, row) -> new AuditEntry(
                        rs.getLong("id"),
                        rs.getString("caller"),
                        rs.getString("document_kind"),
                        HexFormat.of().formatHex(rs.getBytes("sha256")),
                        rs.getString("key_fingerprint"),
                        rs.getTimestamp("signed_at").toInstant()))
                .list();
    }
}
