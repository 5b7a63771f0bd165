package org.ossnet.signing.revocation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code revocation_list} table: every list signed, its exact bytes and signature, by version. */
@Repository
class RevocationListStore {

    /** Arbitrary, fixed id of the advisory lock that serialises making lists across replicas. */
    private static final long LIST_LOCK = 0x6f73_736e_6574_524cL;

    private final JdbcClient jdbc;

    RevocationListStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One signed list as stored.
     *
     * @param version its version
     * @param document its exact bytes
     * @param signature its armored detached signature
     * @param expires when it expires
     */
    record Stored(long version, byte[] document, String signature, Instant expires) {}

    /** Holds the list lock until the current transaction ends; call inside one. */
    void lockUntilCommit() {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LIST_LOCK).query().listOfRows();
    }

    /** The newest list, whether or not it has expired. */
    Optional<Stored> newest() {
        return jdbc.sql("SELECT version, document, signature, expires_at FROM revocation_list"
                        + " ORDER BY version DESC LIMIT 1")
                .query(RevocationListStore::stored)
                .optional();
    }

    Optional<Stored> find(long version) {
        return jdbc.sql("SELECT version, document, signature, expires_at FROM revocation_list WHERE version = ?")
                .param(version)
                .query(RevocationListStore::stored)
                .optional();
    }

    void insert(long version, byte[] document, String signature, Instant issued, Instant expires) {
        jdbc.sql("INSERT INTO revocation_list (version, document, signature, issued_at, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?)")
                .params(version, document, signature, Timestamp.from(issued), Timestamp.from(expires))
                .update();
    }

    /** Forgets lists that expired before {@code before}, keeping the newest whatever its age. */
    int deleteExpiredBefore(Instant before) {
        return jdbc.sql("DELETE FROM revocation_list WHERE expires_at < ?"
                        + " AND version < (SELECT max(version) FROM revocation_list)")
                .param(Timestamp.from(before))
                .update();
    }

    private static Stored stored(ResultSet rs, int row) throws SQLException {
        return new Stored(
                rs.getLong("version"),
                rs.getBytes("document"),
                rs.getString("signature"),
                rs.getTimestamp("expires_at").toInstant());
    }
}
