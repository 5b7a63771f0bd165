package org.ossnet.signing.mirror;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.ossnet.core.api.IssuedCertificate;
import org.ossnet.core.credential.CredentialPem;
import org.ossnet.service.auth.ApiCaller;
import org.ossnet.service.auth.PublicEndpoint;
import org.ossnet.service.auth.RequiresRole;
import org.ossnet.service.problem.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The mirror's side: its first certificate with an enrolment token and a PKCS#10 request, and renewals with its
 * current certificate. The request's PEM is read by hand up to a small limit, whatever the content type.
 */
@RestController
class CertificateController {

    private final MirrorEnrolments enrolments;
    private final MirrorRenewals renewals;

    CertificateController(MirrorEnrolments enrolments, MirrorRenewals renewals) {
        this.enrolments = enrolments;
        this.renewals = renewals;
    }

    /** Authorization: Bearer with the enrolment token; the body is the PEM request ({@code application/pkcs10}). */
    @PostMapping("/api/v1/mirror-certificates")
    @RequiresRole(EnrolmentTokens.ROLE)
    ResponseEntity<IssuedCertificate> issue(ApiCaller caller, HttpServletRequest request) throws IOException {
        return ResponseEntity.status(HttpStatus.CREATED).body(enrolments.issue(caller, pem(request)));
    }

    /** Needs no token: the certificate and the request's signature with its key are the credential. */
    @PostMapping("/api/v1/mirror-certificates/renewals")
    @PublicEndpoint
    ResponseEntity<IssuedCertificate> renew(@RequestBody RenewalRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(renewals.renew(request));
    }

    private static String pem(HttpServletRequest request) throws IOException {
        int max = CredentialPem.MAX_PEM_CHARS;
        if (request.getContentLengthLong() > max) {
            throw tooLarge(max);
        }
        try (InputStream body = request.getInputStream()) {
            byte[] bytes = body.readNBytes(max + 1);
            if (bytes.length > max) {
                throw tooLarge(max);
            }
            return new String(bytes, StandardCharsets.US_ASCII);
        }
    }

    private static ApiProblem tooLarge(int max) {
        return ApiProblem.tooLarge("A certificate request is at most " + max + " bytes of PEM.");
    }
}
