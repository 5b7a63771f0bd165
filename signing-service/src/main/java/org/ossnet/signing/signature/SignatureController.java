package org.ossnet.signing.signature;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.signing.system.SigningProperties;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/signatures/{kind}}: the body is the exact document, the answer its armored detached
 * signature. The body is read by hand, up to the configured limit, rather than bound by a message converter,
 * because the bytes signed must be the bytes sent and no converter should buffer more than the limit.
 */
@RestController
class SignatureController {

    static final MediaType PGP_SIGNATURE = MediaType.parseMediaType("application/pgp-signature");
    static final String FINGERPRINT_HEADER = "Ossnet-Key-Fingerprint";

    private final Signer signer;
    private final SignatureMetrics metrics;
    private final DocumentChecker checker;
    private final int maxDocumentBytes;
    private final DocumentRules rules;

    SignatureController(Signer signer, SignatureMetrics metrics, SigningProperties properties, Clock clock) {
        this.signer = signer;
        this.rules = new DocumentRules(properties, clock);
        this.metrics = metrics;
        this.maxDocumentBytes = (int) properties.maxDocumentSize().toBytes();
        this.checker = new DocumentChecker(maxDocumentBytes);
    }

    @PostMapping("/api/v1/signatures/{kind}")
    ResponseEntity<byte[]> sign(@PathVariable("kind") String kindName, ApiCaller caller, HttpServletRequest request)
            throws IOException {
        DocumentKind kind = DocumentKind.fromUrlName(kindName)
                .orElseThrow(() -> ApiProblem.notFound(
                        "Unknown document kind '" + kindName + "'; expected one of " + DocumentKind.urlNames() + "."));
        Signer.Signature signature;
        try {
            caller.require(kind.role().configName());
            byte[] document = readBody(request);
            if (kind == DocumentKind.SNAPSHOT) {
                Snapshot snapshot = checker.snapshot(document);
                rules.check(caller, snapshot);
                signature = signer.signSnapshot(caller, document, snapshot);
            } else if (kind == DocumentKind.REGION_AUTHORITY) {
                rules.check(caller, checker.regionAuthority(document));
                signature = signer.sign(caller, kind, document);
            } else {
                RevocationList list = checker.revocationList(document);
                rules.check(caller, list);
                signature = signer.signRevocationList(caller, document, list);
            }
        } catch (ApiProblem refused) {
            metrics.refused(kind);
            throw refused;
        }
        metrics.signed(kind);
        return ResponseEntity.ok()
                .contentType(PGP_SIGNATURE)
                .header(FINGERPRINT_HEADER, signature.keyFingerprint())
                .body(signature.armored().getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] readBody(HttpServletRequest request) throws IOException {
        // A declared length over the limit is refused before reading a byte of it.
        if (request.getContentLengthLong() > maxDocumentBytes) {
            throw tooLarge();
        }
        try (InputStream body = request.getInputStream()) {
            byte[] document = body.readNBytes(maxDocumentBytes + 1);
            if (document.length > maxDocumentBytes) {
                throw tooLarge();
            }
            return document;
        }
    }

    private ApiProblem tooLarge() {
        return ApiProblem.tooLarge(
                "The document is larger than ossnet.signing.max-document-size, " + maxDocumentBytes + " bytes.");
    }
}
