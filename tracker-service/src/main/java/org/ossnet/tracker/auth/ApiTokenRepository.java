package org.ossnet.tracker.auth;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

/** The tracker's tokens, found by the SHA-256 of the presented token (an index lookup, never a scan). */
interface ApiTokenRepository extends JpaRepository<ApiToken, Long> {

    Optional<ApiToken> findByTokenSha256AndRevokedAtIsNull(byte[] tokenSha256);

    boolean existsByTokenSha256(byte[] tokenSha256);
}
