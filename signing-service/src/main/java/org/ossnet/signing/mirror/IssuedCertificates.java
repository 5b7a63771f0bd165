package org.ossnet.signing.mirror;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.ossnet.core.credential.MirrorCredential;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code mirror_certificate} table: every certificate issued, by serial, with the key it certifies. */
@Repository
class IssuedCertificates {

    private final JdbcClient jdbc;

    IssuedCertificates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One certificate as recorded.
     *
     * @param serial lower-case hex
     * @param mirror the mirror it names
     * @param enrolmentId the enrolment it descends from
     * @param publicKeySha256 the SHA-256 of the key's SubjectPublicKeyInfo
     */
    record Issued(String serial, String mirror, long enrolmentId, String publicKeySha256) {}

    /**
     * Serialises issuing, renewing and revoking for one mirror across replicas until the transaction ends, so a
     * revocation never interleaves with a certificate being issued for the same mirror.
     */
    void lockMirror(String mirror) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param("mirror " + mirror)
                .query()
                .listOfRows();
    }

    void insert(MirrorCredential credential, long enrolmentId, String renewedFrom, String publicKeySha256) {
        jdbc.sql("INSERT INTO mirror_certificate (serial, mirror, enrolment_id, renewed_from, public_key_sha256,"
                        + " not_before, not_after) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(
                        credential.serialHex(),
                        credential.mirror(),
                        enrolmentId,
                        renewedFrom,
                        publicKeySha256,
                        Timestamp.from(credential.notBefore()),
                        Timestamp.from(credential.notAfter()))
                .update();
    }

    Optional<Issued> find(String serial) {
        return jdbc.sql(
                        "SELECT serial, mirror, enrolment_id, public_key_sha256 FROM mirror_certificate WHERE serial = ?")
                .param(serial)
                .query((rs, row) -> new Issued(
                        rs.getString("serial"),
                        rs.getString("mirror"),
                        rs.getLong("enrolment_id"),
                        rs.getString("public_key_sha256")))
                .optional();
    }

    /** How many of the mirror's certificates are still within their validity at {@code now}. */
    int countUnexpired(String mirror, Instant now) {
        return jdbc.sql("SELECT count(*) FROM mirror_certificate WHERE mirror = ? AND not_after >= ?")
                .params(mirror, Timestamp.from(now))
                .query(Integer.class)
                .single();
    }
}
