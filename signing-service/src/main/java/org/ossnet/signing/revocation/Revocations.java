package org.ossnet.signing.revocation;

import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.ossnet.core.credential.RevocationList;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code mirror_revocation} table: what the publisher revoked, exactly as the revocation list carries it. Call
 * the writers inside the transaction that also publishes the next list, so no revocation exists without a list.
 */
@Repository
public class Revocations {

    private final JdbcClient jdbc;

    Revocations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Revokes every certificate of {@code mirror} whose {@code notBefore} is at or before {@code at}; a mirror revoked
     * before has its revocation moved to {@code at}.
     */
    public void revokeMirror(String mirror, Instant at, String by) {
        jdbc.sql("INSERT INTO mirror_revocation (mirror, revoked_at, revoked_by) VALUES (?, ?, ?)"
                        + " ON CONFLICT (mirror) WHERE serial IS NULL"
                        + " DO UPDATE SET revoked_at = EXCLUDED.revoked_at, revoked_by = EXCLUDED.revoked_by")
                .params(mirror, Timestamp.from(at), by)
                .update();
    }

    /** When {@code mirror} was last revoked as a whole, if it was. */
    public Optional<Instant> mirrorRevokedAt(String mirror) {
        return jdbc.sql("SELECT revoked_at FROM mirror_revocation WHERE mirror = ? AND serial IS NULL")
                .param(mirror)
                .query((rs, row) -> rs.getTimestamp(1).toInstant())
                .optional();
    }

    /** When the certificate {@code serial} (lower-case hex) was revoked on its own, if it was. */
    public Optional<Instant> certificateRevokedAt(String serial) {
        return jdbc.sql("SELECT revoked_at FROM mirror_revocation WHERE serial = ?")
                .param(serial)
                .query((rs, row) -> rs.getTimestamp(1).toInstant())
                .optional();
    }

    /** Every revocation, as list entries. */
    List<RevocationList.Entry> entries() {
        return jdbc.sql("SELECT mirror, serial, revoked_at FROM mirror_revocation ORDER BY id")
                .query((rs, row) -> new RevocationList.Entry(
                        rs.getString("mirror"),
                        Optional.ofNullable(rs.getString("serial")).map(s -> new BigInteger(s, 16)),
                        rs.getTimestamp("revoked_at").toInstant()))
                .list();
    }
}
