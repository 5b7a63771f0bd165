package org.ossnet.signing.key;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.pgp.SigningKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code signing_key} table. Secret keys are stored only as passphrase-protected OpenPGP exports; times come
 * from the database clock so that every replica agrees on them.
 */
@Repository
class KeyStore {

    /** Arbitrary, fixed id of the advisory lock that serialises key creation and rotation across replicas. */
    private static final long KEY_LOCK = 0x6f73_736e_6574_4b59L;

    private final JdbcClient jdbc;

    KeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Holds the key lock until the current transaction ends; call inside one. */
    void lockUntilCommit() {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(KEY_LOCK).query().listOfRows();
    }

    Optional<String> activeFingerprint() {
        return jdbc.sql("SELECT fingerprint FROM signing_key WHERE retired_at IS NULL")
                .query(String.class)
                .optional();
    }

    Optional<String> protectedSecretKey(String fingerprint) {
        return jdbc.sql("SELECT secret_key_encrypted FROM signing_key WHERE fingerprint = ?")
                .param(fingerprint)
                .query((rs, row) -> new String(rs.getBytes(1), StandardCharsets.UTF_8))
                .optional();
    }

    /** Stores a key as the active one; the caller has retired the previous one in the same transaction. */
    void insertActive(SigningKey key, String protectedSecretKey) {
        jdbc.sql("INSERT INTO signing_key (fingerprint, public_key_armored, secret_key_encrypted) VALUES (?, ?, ?)")
                .param(key.fingerprint())
                .param(key.publicKey().armored())
                .param(protectedSecretKey.getBytes(StandardCharsets.UTF_8))
                .update();
    }

    /** Retires the active key, if any, keeping it published for {@code overlap}. */
    void retireActive(Duration overlap) {
        jdbc.sql("UPDATE signing_key SET retired_at = now(), published_until = now() + make_interval(secs => ?)"
                        + " WHERE retired_at IS NULL")
                .param(overlap.toMillis() / 1000.0)
                .update();
    }

    /** The active key first, then retired keys still inside their overlap, the most recently retired first. */
    List<PublisherKey> published() {
        return jdbc.sql("SELECT fingerprint, public_key_armored, retired_at, published_until FROM signing_key"
                        + " WHERE retired_at IS NULL OR published_until > now()"
                        + " ORDER BY retired_at DESC NULLS FIRST")
                .query(KeyStore::publisherKey)
                .list();
    }

    private static PublisherKey publisherKey(ResultSet rs, int row) throws SQLException {
        Timestamp until = rs.getTimestamp("published_until");
        return new PublisherKey(
                rs.getString("fingerprint"),
                rs.getString("public_key_armored"),
                rs.getTimestamp("retired_at") == null,
                until == null ? null : until.toInstant());
    }
}
