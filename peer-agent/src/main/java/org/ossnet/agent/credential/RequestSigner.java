package org.ossnet.agent.credential;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.ossnet.core.credential.SignedRequest;

/**
 * Signs this mirror's requests to its publisher's tracker with its credential ({@link SignedRequest}), so the
 * tracker shows it what its certificate covers before the public sees it: embargoed snapshots, torrents, private
 * announces. Only requests to the tracker the credential came from are signed; the credential is read at each
 * request, so a renewed certificate is used from the next one on.
 */
public final class RequestSigner {

    private final Supplier<CredentialFiles.Stored> credential;
    private final Clock clock;

    /** @param credential the stored credential now (renewal replaces it) */
    public RequestSigner(Supplier<CredentialFiles.Stored> credential, Clock clock) {
        this.credential = Objects.requireNonNull(credential, "credential");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether {@code uri} is on the tracker the credential came from (same scheme, host and port). */
    public boolean signs(URI uri) {
        URI tracker = credential.get().tracker();
        return tracker.getScheme().equalsIgnoreCase(uri.getScheme())
                && tracker.getHost().equalsIgnoreCase(uri.getHost())
                && port(tracker) == port(uri);
    }

    /** The headers that sign {@code method uri} with {@code body} (empty for none). */
    public Map<String, String> headers(String method, URI uri, byte[] body) {
        CredentialFiles.Stored stored = credential.get();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return SignedRequest.sign(
                stored.keys().getPrivate(), stored.certificate(), method, target, body, clock.instant());
    }

    /** {@code request} (a GET, or a request without a body) signed, when it goes to the credential's tracker. */
    public HttpRequest sign(HttpRequest request) {
        if (!signs(request.uri())) {
            return request;
        }
        HttpRequest.Builder signed = HttpRequest.newBuilder(request, (name, value) -> true);
        headers(request.method(), request.uri(), new byte[0]).forEach(signed::header);
        return signed.build();
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
