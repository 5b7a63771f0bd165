package org.ossnet.signing.revocation;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.ossnet.service.auth.PublicEndpoint;
import org.ossnet.service.problem.ApiProblem;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the revocation list as region authorities are served: the exact signed bytes, and their detached signature
 * beside them, both by version so a verifier fetching the two cannot pair a list with its successor's signature.
 * Open to everyone: verifiers need it, and it names only mirrors and serials.
 */
@RestController
class RevocationListController {

    static final String VERSION_HEADER = "Ossnet-Revocation-List-Version";
    static final MediaType PGP_SIGNATURE = MediaType.parseMediaType("application/pgp-signature");

    private final RevocationLists lists;

    RevocationListController(RevocationLists lists) {
        this.lists = lists;
    }

    @GetMapping("/api/v1/revocation-list")
    @PublicEndpoint
    ResponseEntity<byte[]> document(@RequestParam(required = false) Long version) {
        RevocationLists.Published published = find(version);
        return answer(published, MediaType.APPLICATION_JSON, published.document());
    }

    @GetMapping("/api/v1/revocation-list.asc")
    @PublicEndpoint
    ResponseEntity<byte[]> signature(@RequestParam(required = false) Long version) {
        RevocationLists.Published published = find(version);
        return answer(published, PGP_SIGNATURE, published.signature().getBytes(StandardCharsets.US_ASCII));
    }

    private RevocationLists.Published find(Long version) {
        if (version == null) {
            return lists.current()
                    .orElseThrow(() -> ApiProblem.unavailable(
                            "Revocation list unavailable",
                            "There is no current revocation list: signing-service has not been able to sign one"
                                    + " before the last expired. Verifiers refuse every mirror credential meanwhile."));
        }
        if (version < 1) {
            throw ApiProblem.invalid("version", "version must be a positive integer, not " + version + ".");
        }
        Optional<RevocationLists.Published> found = lists.version(version);
        return found.orElseThrow(() -> ApiProblem.notFound(
                "There is no current revocation list of version " + version + "; fetch the newest without a version."));
    }

    private static ResponseEntity<byte[]> answer(RevocationLists.Published published, MediaType type, byte[] body) {
        // Never cached: a revocation must reach verifiers at their next fetch, not after a cache's lifetime.
        return ResponseEntity.ok()
                .contentType(type)
                .cacheControl(CacheControl.noStore())
                .header(VERSION_HEADER, Long.toString(published.list().version()))
                .body(body);
    }
}
