package org.ossnet.signing.ca;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code mirror_ca} table: one row, the CA certificate and its encrypted private key. */
@Repository
class MirrorCaStore {

    /** Arbitrary, fixed id of the advisory lock that serialises the CA's creation across replicas. */
    private static final long CA_LOCK = 0x6f73_736e_6574_4341L;

    private final JdbcClient jdbc;

    MirrorCaStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param certificatePem the CA certificate
     * @param encryptedKey its private key, as {@link CaKeyProtection} writes it
     */
    record Stored(String certificatePem, byte[] encryptedKey) {}

    /** Holds the CA lock until the current transaction ends; call inside one. */
    void lockUntilCommit() {
        jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(CA_LOCK).query().listOfRows();
    }

    Optional<Stored> find() {
        return jdbc.sql("SELECT certificate_pem, private_key_encrypted FROM mirror_ca")
                .query((rs, row) -> new Stored(rs.getString(1), rs.getBytes(2)))
                .optional();
    }

    void insert(String certificatePem, byte[] encryptedKey) {
        jdbc.sql("INSERT INTO mirror_ca (certificate_pem, private_key_encrypted) VALUES (?, ?)")
                .params(certificatePem, encryptedKey)
                .update();
    }
}
