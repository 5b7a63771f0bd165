package org.ossnet.tracker.credential;

import java.nio.charset.StandardCharsets;
import org.ossnet.service.auth.PublicEndpoint;
import org.ossnet.service.problem.ApiProblem;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public half of mirror credentials, from the tracker's own copies: the mirror CA certificate and the revocation
 * list with its signature, answered as signing-service answers them (same headers, the exact signed bytes).
 */
@RestController
class RevocationListController {

    static final String VERSION_HEADER = "Ossnet-Revocation-List-Version";
    static final String CA_FINGERPRINT_HEADER = "Ossnet-Ca-Sha256";
    static final MediaType PGP_SIGNATURE = MediaType.parseMediaType("application/pgp-signature");
    static final MediaType PEM_CHAIN = MediaType.parseMediaType("application/pem-certificate-chain");

    private final RevocationListCopy lists;
    private final MirrorCaCopy ca;

    RevocationListController(RevocationListCopy lists, MirrorCaCopy ca) {
        this.lists = lists;
        this.ca = ca;
    }

    @GetMapping("/api/v1/mirror-ca.pem")
    @PublicEndpoint
    ResponseEntity<String> caCertificate() {
        return ca.current()
                .map(held -> ResponseEntity.ok()
                        .contentType(PEM_CHAIN)
                        .cacheControl(CacheControl.noCache())
                        .header(CA_FINGERPRINT_HEADER, held.sha256())
                        .body(held.pem()))
                .orElseThrow(() -> ApiProblem.unavailable(
                        "Mirror CA unavailable",
                        "The tracker has not been able to fetch the mirror CA certificate from signing-service yet."));
    }

    @GetMapping("/api/v1/revocation-list")
    @PublicEndpoint
    ResponseEntity<byte[]> document(@RequestParam(required = false) Long version) {
        RevocationListCopy.Held held = find(version);
        return answer(held, MediaType.APPLICATION_JSON, held.document());
    }

    @GetMapping("/api/v1/revocation-list.asc")
    @PublicEndpoint
    ResponseEntity<byte[]> signature(@RequestParam(required = false) Long version) {
        RevocationListCopy.Held held = find(version);
        return answer(held, PGP_SIGNATURE, held.signature().getBytes(StandardCharsets.US_ASCII));
    }

    private RevocationListCopy.Held find(Long version) {
        if (version == null) {
            return lists.current()
                    .orElseThrow(() -> ApiProblem.unavailable(
                            "Revocation list unavailable",
                            "The tracker holds no current revocation list: none has arrived from signing-service"
                                    + " or the last has expired. Every mirror credential is refused meanwhile."));
        }
        if (version < 1) {
            throw ApiProblem.invalid("version", "version must be a positive integer, not " + version + ".");
        }
        return lists.version(version)
                .orElseThrow(() -> ApiProblem.notFound("There is no current revocation list of version " + version
                        + "; fetch the newest without a version."));
    }

    private static ResponseEntity<byte[]> answer(RevocationListCopy.Held held, MediaType type, byte[] body) {
        // Never cached: a revocation must reach verifiers at their next fetch.
        return ResponseEntity.ok()
                .contentType(type)
                .cacheControl(CacheControl.noStore())
                .header(VERSION_HEADER, Long.toString(held.list().version()))
                .body(body);
    }
}
