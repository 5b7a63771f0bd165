package org.ossnet.agent.announce;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.ossnet.agent.credential.RequestSigner;
import org.ossnet.agent.net.HttpConnection;
import org.ossnet.agent.net.HttpExchanges;
import org.ossnet.agent.net.SourceAddress;
import org.ossnet.agent.net.UnreachableException;

/**
 * The HTTP exchange both announce clients make: one request, a body read up to a bound, the status, all within the
 * request timeout (headers and body together). It goes over the command's kept-alive tracker connections ({@link
 * HttpExchanges#forTrackers}), as the tracker's documents do: the JDK's client would cost each {@code get} that joins a
 * swarm its selector thread and its set-up at start, when six of them start at once on two cores. Connection failures
 * and answers too slow become an {@link UnreachableException} naming the tracker; a body over the bound an {@link
 * AnnounceException}.
 */
final class TrackerHttp {

    /**
     * A tracker's answer.
     *
     * @param status the HTTP status
     * @param body the body, within the bound asked for
     */
    record Response(int status, byte[] body) {}

    private final HttpExchanges http;
    private final Duration requestTimeout;
    private final RequestSigner signer;

    TrackerHttp(Duration requestTimeout, SourceAddress source) {
        this(HttpExchanges.forTrackers(source), requestTimeout, null);
    }

    private TrackerHttp(HttpExchanges http, Duration requestTimeout, RequestSigner signer) {
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.signer = signer;
    }

    /** The same exchange with each GET to the credential's tracker signed by {@code signer}. */
    TrackerHttp signedBy(RequestSigner signer) {
        return new TrackerHttp(http, requestTimeout, signer);
    }

    Response get(URI uri, URI tracker, int maxBytes) throws IOException {
        Map<String, String> fields =
                signer != null && signer.signs(uri) ? signer.headers("GET", uri, new byte[0]) : Map.of();
        return send("GET", uri, fields, null, tracker, maxBytes);
    }

    /** A POST, sent again on a fresh connection if a kept-alive one fails: an announce repeated changes nothing. */
    Response post(URI uri, byte[] body, int maxBytes) throws IOException {
        return send("POST", uri, Map.of("Content-Type", "application/x-bittorrent"), body, uri, maxBytes);
    }

    private Response send(String method, URI uri, Map<String, String> fields, byte[] body, URI tracker, int maxBytes)
            throws IOException {
        try {
            HttpExchanges.Answer answer = http.send(method, uri, fields, body, maxBytes, requestTimeout, true);
            return new Response(answer.status(), answer.body());
        } catch (HttpConnection.BodyTooLongException e) {
            throw AnnounceException.malformed(tracker.toString(), "more than " + maxBytes + " bytes");
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IOException("interrupted while announcing to " + tracker, e);
            }
            throw new UnreachableException(tracker, e);
        }
    }
}
