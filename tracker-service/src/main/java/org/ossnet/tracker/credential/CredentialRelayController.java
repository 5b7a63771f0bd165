package org.ossnet.tracker.credential;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;
import org.ossnet.core.credential.CredentialPem;
import org.ossnet.service.auth.PublicEndpoint;
import org.ossnet.service.auth.RequiresRole;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.signing.client.SigningClient;
import org.ossnet.signing.client.SigningUnavailableException;
import org.ossnet.tracker.auth.Roles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Relays the mirror CA's endpoints to signing-service, which only the tracker may reach: the publisher's enrolments
 * and revocations (the tracker's {@code publisher} or {@code admin} role; the tracker's own signing token holds
 * {@code issue-mirror-credentials}), and a mirror's first certificate and renewals. signing-service's answer, a
 * result or a problem, is passed on with its status and exact body; signing-service unreachable or failing is a 503.
 * Bodies are read by hand up to a small limit, whatever the content type.
 */
@RestController
class CredentialRelayController {

    private static final Logger log = LoggerFactory.getLogger(CredentialRelayController.class);

    /** Room for 64 prefixes of the longest form, or a certificate and a request of the longest PEM. */
    static final int MAX_BODY_BYTES = 4 * CredentialPem.MAX_PEM_CHARS;

    private final SigningClient signing;
    private final RevocationListCopy revocations;

    CredentialRelayController(SigningClient signing, RevocationListCopy revocations) {
        this.signing = signing;
        this.revocations = revocations;
    }

    @PostMapping("/api/v1/mirror-enrolments")
    @RequiresRole({Roles.PUBLISHER, Roles.ADMIN})
    ResponseEntity<byte[]> enrol(HttpServletRequest request) throws IOException {
        byte[] body = body(request);
        return relay("an enrolment", () -> signing.createEnrolment(body));
    }

    @PostMapping("/api/v1/mirrors/{name}/revocation")
    @RequiresRole({Roles.PUBLISHER, Roles.ADMIN})
    ResponseEntity<byte[]> revoke(@PathVariable("name") String name) {
        ResponseEntity<byte[]> answer;
        try {
            answer = relay("a revocation", () -> signing.revokeMirror(name));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("name", e.getMessage().replaceFirst("^mirror: ", "") + ".");
        }
        if (answer.getStatusCode().is2xxSuccessful()) {
            // The new list is signed in the revocation's transaction: hold it now, not at the next refresh.
            revocations.refresh();
        }
        return answer;
    }

    /** The enrolment token is the bearer token; {@link EnrolmentBearer} lets only its shape through. */
    @PostMapping("/api/v1/mirror-certificates")
    @RequiresRole(EnrolmentBearer.ROLE)
    ResponseEntity<byte[]> issue(HttpServletRequest request) throws IOException {
        String token = request.getHeader(HttpHeaders.AUTHORIZATION)
                .substring("Bearer ".length())
                .trim();
        byte[] body = body(request);
        return relay("a certificate", () -> signing.issueMirrorCertificate(token, body));
    }

    /** Needs no token: the certificate and the request's signature with its key are the credential. */
    @PostMapping("/api/v1/mirror-certificates/renewals")
    @PublicEndpoint
    ResponseEntity<byte[]> renew(HttpServletRequest request) throws IOException {
        byte[] body = body(request);
        return relay("a renewal", () -> signing.renewMirrorCertificate(body));
    }

    private static ResponseEntity<byte[]> relay(String what, Supplier<SigningClient.Answer> call) {
        SigningClient.Answer answer;
        try {
            answer = call.get();
        } catch (SigningUnavailableException e) {
            log.warn("Could not relay {} to signing-service: {}", what, e.getMessage());
            throw ApiProblem.unavailable(
                    "Mirror CA unavailable", "signing-service, the mirror CA, is unavailable: " + e.getMessage());
        }
        log.debug("Relayed {}: signing-service answered {}", what, answer.status());
        return ResponseEntity.status(answer.status())
                .contentType(mediaType(answer.contentType()))
                // An enrolment's answer holds its one-time token, a certificate is one mirror's: never cached.
                .cacheControl(CacheControl.noStore())
                .body(answer.body());
    }

    private static MediaType mediaType(String type) {
        try {
            return MediaType.parseMediaType(type);
        } catch (InvalidMediaTypeException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    private static byte[] body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw tooLarge();
            }
            return bytes;
        }
    }

    private static ApiProblem tooLarge() {
        return ApiProblem.tooLarge("A mirror credential request is at most " + MAX_BODY_BYTES + " bytes.");
    }
}
