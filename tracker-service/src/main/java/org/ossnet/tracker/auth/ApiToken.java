package org.ossnet.tracker.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Set;
import org.ossnet.service.auth.ApiCaller;

/** A row of {@code api_token}: a named token with one role, kept as its SHA-256 only. */
@Entity
@Table(name = "api_token")
class ApiToken {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String role;

    @Column(name = "token_sha256", nullable = false, updatable = false)
    private byte[] tokenSha256;

    @Column(name = "created_at", insertable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiToken() {}

    ApiToken(String name, String role, byte[] tokenSha256) {
        this.name = name;
        this.role = role;
        this.tokenSha256 = tokenSha256.clone();
    }

    ApiCaller caller() {
        return new ApiCaller(name, Set.of(role));
    }
}
