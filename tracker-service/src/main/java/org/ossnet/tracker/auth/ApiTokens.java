package org.ossnet.tracker.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code api_token} table: tokens are looked up and stored by their SHA-256 only. */
@Repository
class ApiTokens {

    private final JdbcClient jdbc;

    ApiTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Caller> findActive(String token) {
        return jdbc.sql("SELECT name, role FROM api_token WHERE token_sha256 = ? AND revoked_at IS NULL")
                .param(sha256(token))
                .query((rs, row) -> new Caller(rs.getString("name"), rs.getString("role")))
                .optional();
    }

    /** Registers a token unless a token with the same hash exists; returns whether it was new. */
    boolean registerIfAbsent(String name, String role, String token) {
        return jdbc.sql("INSERT INTO api_token (name, role, token_sha256) VALUES (?, ?, ?)"
                                + " ON CONFLICT (token_sha256) DO NOTHING")
                        .param(name)
                        .param(role)
                        .param(sha256(token))
                        .update()
                == 1;
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
