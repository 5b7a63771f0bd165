package org.ossnet.tracker.credential;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.credential.CredentialPem;
import org.ossnet.core.credential.CredentialVerifier;
import org.ossnet.core.credential.MirrorCredential;
import org.ossnet.core.credential.SignedRequest;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.service.problem.CredentialProblems;
import org.ossnet.signing.client.SigningClient;
import org.ossnet.tracker.system.TrackerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Which mirror credential a request proves, if any: a request signed as {@link SignedRequest} describes, checked
 * against the mirror CA held ({@link MirrorCaCopy}) and the tracker's current revocation list ({@link
 * RevocationListCopy}) — an expired list refuses every signed request (fail closed). An unsigned request proves
 * none and is served as the public's; a signed one that does not verify is refused outright rather than served as
 * the public's, so a mirror learns at once that its credential no longer holds.
 *
 * <p>The answer is kept in the request, so one request is verified once however many places ask.
 *
 * <p>Meter {@code ossnet.tracker.signed.requests}, tag {@code outcome}: {@code accepted} or the refusal's reason in
 * lower case.
 */
@Component
public class MirrorRequests {

    private static final Logger log = LoggerFactory.getLogger(MirrorRequests.class);
    private static final String RESULT = MirrorRequests.class.getName() + ".credential";

    private final MirrorCaCopy ca;
    private final RevocationListCopy revocations;
    private final Clock clock;
    private final SignedRequest.Verifier verifier;
    private final MeterRegistry meters;
    private volatile PinnedCa pinned;

    private record PinnedCa(String pem, CredentialVerifier verifier) {}

    MirrorRequests(
            MirrorCaCopy ca,
            RevocationListCopy revocations,
            Clock clock,
            TrackerProperties properties,
            MeterRegistry meters) {
        this.ca = ca;
        this.revocations = revocations;
        this.clock = clock;
        this.meters = meters;
        TrackerProperties.Credentials settings = properties.credentials();
        this.verifier =
                new SignedRequest.Verifier(clock, settings.signatureWindow(), settings.maxRememberedSignatures());
    }

    /**
     * The credential {@code request} proves, or empty for an unsigned request.
     *
     * @throws ApiProblem 401 for a signature or certificate that does not verify, 403 for a revoked certificate, 503
     *     while the tracker holds no current revocation list or no CA certificate
     */
    public Optional<MirrorCredential> credential(HttpServletRequest request) {
        try {
            return verified(request);
        } catch (CredentialException e) {
            throw CredentialProblems.of(e);
        }
    }

    /**
     * As {@link #credential}, with the refusal as it is, for surfaces that answer in their own format (bencoded
     * announces).
     *
     * @throws CredentialException naming why the request's credential is refused
     */
    public Optional<MirrorCredential> verified(HttpServletRequest request) throws CredentialException {
        Object known = request.getAttribute(RESULT);
        if (known instanceof MirrorCredential credential) {
            return Optional.of(credential);
        }
        String certificate = request.getHeader(SignedRequest.CERTIFICATE_HEADER);
        String signature = request.getHeader(SignedRequest.SIGNATURE_HEADER);
        if (!SignedRequest.isSigned(certificate, signature)) {
            return Optional.empty();
        }
        try {
            CredentialVerifier credentials = credentials();
            byte[] body = request.getAttribute(SignedBodyFilter.BODY) instanceof byte[] bytes ? bytes : new byte[0];
            String query = request.getQueryString();
            String target = request.getRequestURI() + (query == null ? "" : "?" + query);
            MirrorCredential credential = verifier.verify(
                    credentials,
                    revocations.current().map(RevocationListCopy.Held::list).orElse(null),
                    request.getMethod(),
                    target,
                    body,
                    certificate,
                    signature);
            request.setAttribute(RESULT, credential);
            count("accepted");
            return Optional.of(credential);
        } catch (CredentialException e) {
            count(e.reason().name().toLowerCase(Locale.ROOT));
            log.debug("Refused a signed request: {}: {}", e.reason(), e.getMessage());
            throw e;
        }
    }

    /** A verifier for the CA certificate held now, made once per certificate. */
    private CredentialVerifier credentials() throws CredentialException {
        String pem = ca.current()
                .map(SigningClient.MirrorCa::pem)
                .orElseThrow(() -> new CredentialException(
                        CredentialException.Reason.REVOCATION_LIST_EXPIRED,
                        "the tracker holds no mirror CA certificate yet; try again shortly"));
        PinnedCa known = pinned;
        if (known == null || !known.pem().equals(pem)) {
            known = new PinnedCa(pem, new CredentialVerifier(CredentialPem.readCertificate(pem), clock));
            pinned = known;
        }
        return known.verifier();
    }

    private void count(String outcome) {
        Counter.builder("ossnet.tracker.signed.requests")
                .description("Requests signed with a mirror credential, by outcome")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }
}
