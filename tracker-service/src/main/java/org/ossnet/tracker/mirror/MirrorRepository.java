package org.ossnet.tracker.mirror;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Registered mirrors, found by id, by base URL or by the SHA-256 of their report token (an index lookup). */
interface MirrorRepository extends JpaRepository<Mirror, Long> {

    Optional<Mirror> findByReportTokenSha256(byte[] reportTokenSha256);

    boolean existsByBaseUrl(String baseUrl);

    List<Mirror> findAllByOrderById();

    /**
     * What the documents list, for every collection: carried collections with a verified version, of mirrors not
     * delisted, official mirrors first.
     */
    @Query("SELECT c FROM CarriedCollection c JOIN FETCH c.mirror m WHERE c.verifiedVersion IS NOT NULL"
            + " AND m.delisted = false ORDER BY m.official DESC, m.id")
    List<CarriedCollection> listedForAll();
}
