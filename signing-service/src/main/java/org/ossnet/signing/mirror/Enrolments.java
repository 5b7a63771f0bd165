package org.ossnet.signing.mirror;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ossnet.core.credential.MirrorGrant;
import org.ossnet.core.name.OssnetName;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code mirror_enrolment} table: one-time tokens, kept as their SHA-256, and what each grants. */
@Repository
class Enrolments {

    private final JdbcClient jdbc;

    Enrolments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One enrolment as stored.
     *
     * @param id its id
     * @param grant the mirror and prefixes it grants
     * @param expiresAt when its token stops working
     * @param usedAt when its token was used, or null
     * @param cancelledAt when it was cancelled by a revocation of its mirror, or null
     */
    record Enrolment(long id, MirrorGrant grant, Instant expiresAt, Instant usedAt, Instant cancelledAt) {}

    long insert(MirrorGrant grant, byte[] tokenSha256, String createdBy, Instant createdAt, Instant expiresAt) {
        return jdbc.sql("INSERT INTO mirror_enrolment (token_sha256, mirror, prefixes, created_by, created_at,"
                        + " expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")
                .params(
                        tokenSha256,
                        grant.mirror(),
                        grant.prefixes().stream().map(OssnetName::format).collect(Collectors.joining("\n")),
                        createdBy,
                        Timestamp.from(createdAt),
                        Timestamp.from(expiresAt))
                .query(Long.class)
                .single();
    }

    Optional<Enrolment> findByTokenSha256(byte[] tokenSha256) {
        return jdbc.sql("SELECT * FROM mirror_enrolment WHERE token_sha256 = ?")
                .param(tokenSha256)
                .query(Enrolments::enrolment)
                .optional();
    }

    Optional<Enrolment> find(long id) {
        return jdbc.sql("SELECT * FROM mirror_enrolment WHERE id = ?")
                .param(id)
                .query(Enrolments::enrolment)
                .optional();
    }

    /** Marks the token used if it is live at {@code now}: the one statement that makes a token work once. */
    boolean consume(long id, Instant now) {
        return jdbc.sql("UPDATE mirror_enrolment SET used_at = ? WHERE id = ? AND used_at IS NULL"
                                + " AND cancelled_at IS NULL AND expires_at > ?")
                        .params(Timestamp.from(now), id, Timestamp.from(now))
                        .update()
                == 1;
    }

    /** Cancels the mirror's unused tokens, so none issues a certificate after its revocation; how many. */
    int cancelUnused(String mirror, Instant now) {
        return jdbc.sql("UPDATE mirror_enrolment SET cancelled_at = ? WHERE mirror = ? AND used_at IS NULL"
                        + " AND cancelled_at IS NULL AND expires_at > ?")
                .params(Timestamp.from(now), mirror, Timestamp.from(now))
                .update();
    }

    boolean exists(String mirror) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM mirror_enrolment WHERE mirror = ?)")
                .param(mirror)
                .query(Boolean.class)
                .single();
    }

    private static Enrolment enrolment(ResultSet rs, int row) throws SQLException {
        return new Enrolment(
                rs.getLong("id"),
                new MirrorGrant(
                        rs.getString("mirror"),
                        Arrays.stream(rs.getString("prefixes").split("\n"))
                                .map(OssnetName::parse)
                                .toList()),
                rs.getTimestamp("expires_at").toInstant(),
                instant(rs.getTimestamp("used_at")),
                instant(rs.getTimestamp("cancelled_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
