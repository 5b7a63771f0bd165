package org.ossnet.tracker.auth;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** The tracker's tokens, found by the SHA-256 of the presented token (an index lookup, never a scan). */
interface ApiTokenRepository extends JpaRepository<ApiToken, Long> {

    Optional<ApiToken> findByTokenSha256(byte[] tokenSha256);

    /** The unrevoked token holding {@code name}; the partial unique index allows at most one. */
    Optional<ApiToken> findByNameAndRevokedAtIsNull(String name);

    List<ApiToken> findAllByOrderById();

    /** A token's role, read without making the token managed, so a later locking read sees its current row. */
    @Query("SELECT t.role FROM ApiToken t WHERE t.id = ?1")
    Optional<String> roleOf(long id);

    /** One token, its row locked until the transaction ends, so two revocations of it do not interleave. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT t FROM ApiToken t WHERE t.id = ?1")
    Optional<ApiToken> lockById(long id);

    /**
     * The unrevoked tokens of a role, their rows locked in id order (so two revocations lock in the same order and
     * cannot deadlock): a revocation that must leave one of them live sees what the other committed.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT t FROM ApiToken t WHERE t.role = ?1 AND t.revokedAt IS NULL ORDER BY t.id")
    List<ApiToken> lockUnrevoked(String role);
}
