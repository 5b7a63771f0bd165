package org.ossnet.region.credential;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.credential.CredentialVerifier;
import org.ossnet.core.credential.MirrorCredential;
import org.ossnet.core.credential.SignedRequest;
import org.ossnet.region.authority.MasterClient;
import org.ossnet.service.problem.ApiProblem;
import org.ossnet.service.problem.CredentialProblems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Checks requests signed with a mirror credential ({@link SignedRequest}) and relays those that verify to the master: core's {@link SignedRequest.Verifier} and {@link CredentialVerifier} against the mirror CA certificate
 * ({@link MirrorCaFollower}) and the revocation list ({@link RevocationListFollower}) held here. Once the held list
 * has expired every signed request is refused (fail closed), whether or not the master could still answer it. An
 * unsigned request proves nothing and is served as the public's; a signed one that does not verify is refused, with
 * the tracker's statuses and {@code reason} members (docs/API.md).
 *
 * <p>Meter {@code ossnet.region.signed.requests}, tag {@code outcome}: {@code accepted} or the refusal's reason in
 * lower case.
 */
@Component
public class SignedRequests {

    /** How many nonces of signed requests are remembered at once (about 100 bytes each), as the tracker's default. */
    static final int MAX_REMEMBERED = 200_000;

    private static final Logger log = LoggerFactory.getLogger(SignedRequests.class);
    private static final String NOT_KEPT = CacheControl.noStore().cachePrivate().getHeaderValue();

    private final MirrorCaFollower ca;
    private final RevocationListFollower lists;
    private final SignedRequest.Verifier verifier;
    private final MeterRegistry meters;
    private final MasterClient master;

    /** A verified request: the credential it proves and the headers to relay it with, unchanged. */
    public record Verified(MirrorCredential credential, Map<String, String> headers) {}

    SignedRequests(
            MirrorCaFollower ca, RevocationListFollower lists, MasterClient master, Clock clock, MeterRegistry meters) {
        this.ca = ca;
        this.master = master;
        this.lists = lists;
        this.meters = meters;
        this.verifier = new SignedRequest.Verifier(clock, SignedRequest.DEFAULT_WINDOW, MAX_REMEMBERED);
    }

    /**
     * Relays a verified request to the master with its signature headers intact (the master verifies it again, and
     * may answer what it shows a credential only: embargoed names and documents). The answer is passed on as the
     * master wrote it and never kept, here or by any cache ({@code no-store, private} unless the master says
     * otherwise), so an early answer never reaches the public; while the master is unreachable there is nothing to
     * serve (503).
     *
     * @param path the encoded path and query, as received
     */
    public ResponseEntity<byte[]> relay(String path, Verified signed) {
        MasterClient.Answer answer;
        try {
            answer = master.get(path, signed.headers());
        } catch (IOException e) {
            throw ApiProblem.of(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "A signed request is only relayed to the master, and the master is unreachable: " + e.getMessage()
                            + ".");
        }
        return ResponseEntity.status(answer.status())
                .header("Content-Type", answer.contentType().orElse(MediaType.APPLICATION_OCTET_STREAM_VALUE))
                .header("Cache-Control", answer.header("Cache-Control").orElse(NOT_KEPT))
                .header("Ossnet-Served-From", "master")
                .body(answer.body());
    }

    /**
     * The credential a body-less {@code request} proves with the headers that sign it, or empty for an unsigned one.
     *
     * @throws ApiProblem 401 for a signature or certificate that does not verify, 403 for a revoked certificate or a
     *     name outside its prefixes, 503 ({@code revocation_list_expired}) while no current revocation list or no CA
     *     certificate is held here
     */
    public Optional<Verified> verify(HttpServletRequest request) {
        String certificate = request.getHeader(SignedRequest.CERTIFICATE_HEADER);
        String signature = request.getHeader(SignedRequest.SIGNATURE_HEADER);
        if (!SignedRequest.isSigned(certificate, signature)) {
            return Optional.empty();
        }
        try {
            CredentialVerifier credentials = ca.current()
                    .orElseThrow(() -> new CredentialException(
                            CredentialException.Reason.REVOCATION_LIST_EXPIRED,
                            "this regional tracker holds no mirror CA certificate yet; try again shortly"));
            String query = request.getQueryString();
            String target = request.getRequestURI() + (query == null ? "" : "?" + query);
            MirrorCredential credential = verifier.verify(
                    credentials,
                    lists.current().orElse(null),
                    request.getMethod(),
                    target,
                    new byte[0],
                    certificate,
                    signature);
            count("accepted");
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(SignedRequest.CERTIFICATE_HEADER, certificate);
            headers.put(SignedRequest.SIGNATURE_HEADER, signature);
            return Optional.of(new Verified(credential, headers));
        } catch (CredentialException e) {
            count(e.reason().name().toLowerCase(Locale.ROOT));
            log.debug("Refused a signed request: {}: {}", e.reason(), e.getMessage());
            throw CredentialProblems.of(e);
        }
    }

    private void count(String outcome) {
        Counter.builder("ossnet.region.signed.requests")
                .description("Requests signed with a mirror credential, by outcome")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }
}
