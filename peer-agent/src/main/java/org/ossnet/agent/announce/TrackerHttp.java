package org.ossnet.agent.announce;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.ossnet.agent.credential.RequestSigner;
import org.ossnet.agent.net.BoundedHttp;
import org.ossnet.agent.net.HttpClients;
import org.ossnet.agent.net.SourceAddress;
import org.ossnet.agent.net.UnreachableException;

/**
 * The HTTP exchange both announce clients make: one request, a body read up to a bound, the status, all within the
 * request timeout (headers and body together). Connection failures and answers too slow become an {@link
 * UnreachableException} naming the tracker.
 */
final class TrackerHttp {

    /**
     * A tracker's answer.
     *
     * @param status the HTTP status
     * @param body the body, at most one byte longer than the bound asked for (so the caller can tell it was over)
     */
    record Response(int status, byte[] body) {}

    private final HttpClient http;
    private final Duration requestTimeout;
    private final RequestSigner signer;

    TrackerHttp(Duration requestTimeout, SourceAddress source) {
        this(HttpClients.forTrackers(source), requestTimeout, null);
    }

    private TrackerHttp(HttpClient http, Duration requestTimeout, RequestSigner signer) {
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.signer = signer;
    }

    /** The same exchange with each GET signed by {@code signer}. */
    TrackerHttp signedBy(RequestSigner signer) {
        return new TrackerHttp(http, requestTimeout, signer);
    }

    Response get(URI uri, URI tracker, int maxBytes) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        return send(signer == null ? request : signer.sign(request), tracker, maxBytes);
    }

    Response post(URI uri, byte[] body, int maxBytes) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-bittorrent")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return send(request, uri, maxBytes);
    }

    private Response send(HttpRequest request, URI tracker, int maxBytes) throws IOException {
        try {
            HttpResponse<byte[]> response = BoundedHttp.send(http, request, maxBytes, requestTimeout);
            return new Response(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while announcing to " + tracker, e);
        } catch (IOException e) {
            throw new UnreachableException(tracker, e);
        }
    }
}
