package org.ossnet.signing.ca;

import org.ossnet.service.auth.PublicEndpoint;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Publishes the mirror CA certificate, which verifiers pin (discovery lists it) and mirrors chain to. */
@RestController
class MirrorCaController {

    /** RFC 8555's media type for PEM certificates. */
    static final MediaType PEM_CHAIN = MediaType.parseMediaType("application/pem-certificate-chain");

    static final String FINGERPRINT_HEADER = "Ossnet-Ca-Sha256";

    private final MirrorCa ca;

    MirrorCaController(MirrorCa ca) {
        this.ca = ca;
    }

    /** Open to everyone, like the publisher's public keys: the certificate is public. */
    @GetMapping("/api/v1/mirror-ca.pem")
    @PublicEndpoint
    ResponseEntity<String> certificate() {
        return ResponseEntity.ok()
                .contentType(PEM_CHAIN)
                .cacheControl(CacheControl.noCache())
                .header(FINGERPRINT_HEADER, ca.fingerprint())
                .body(ca.certificatePem());
    }
}
