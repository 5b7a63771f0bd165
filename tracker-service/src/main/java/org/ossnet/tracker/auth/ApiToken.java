package org.ossnet.tracker.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

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

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "created_by", updatable = false)
    private String createdBy;

    @Column(name = "expires_at", updatable = false)
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "revoked_by")
    private String revokedBy;

    protected ApiToken() {}

    /**
     * A new token.
     *
     * @param createdBy who issued it: the caller's name, or {@code configuration} for a bootstrap token
     * @param expiresAt when it stops working, or {@code null} for never
     */
    ApiToken(String name, String role, byte[] tokenSha256, Instant createdAt, String createdBy, Instant expiresAt) {
        this.name = name;
        this.role = role;
        this.tokenSha256 = tokenSha256.clone();
        this.createdAt = createdAt;
        this.createdBy = createdBy;
        this.expiresAt = expiresAt;
    }

    /** Whether it authenticates at {@code now}: not revoked and not expired. */
    boolean liveAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }

    /** Revokes it for good; a token already revoked keeps its first revocation. */
    void revoke(Instant at, String by) {
        if (revokedAt == null) {
            revokedAt = at;
            revokedBy = by;
        }
    }

    long id() {
        return id;
    }

    String name() {
        return name;
    }

    String role() {
        return role;
    }

    Instant createdAt() {
        return createdAt;
    }

    String createdBy() {
        return createdBy;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    Instant revokedAt() {
        return revokedAt;
    }

    String revokedBy() {
        return revokedBy;
    }
}
