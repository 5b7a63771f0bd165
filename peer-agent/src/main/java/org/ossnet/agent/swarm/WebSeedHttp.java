package org.ossnet.agent.swarm;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.ossnet.agent.net.BoundedHttp;
import org.ossnet.agent.net.HttpClients;

/**
 * The HTTP side of a web seed: one ranged GET of a byte run of the file, classified as the bytes, an error worth
 * retrying later, or a server we cannot use. HTTP/1.1 on the JDK client, with the session's connect timeout, a
 * deadline on the whole response (see {@link #deadline}), and redirects followed as the client does by default (at
 * most 5, never from https to http).
 */
final class WebSeedHttp {

    /** What one fetch gave. */
    sealed interface Result {
        /** Exactly the bytes asked for. */
        record Bytes(byte[] bytes) implements Result {}

        /** A 429, a 5xx, a timeout or a connection error: try again, after {@code retryAfter} if the server said. */
        record RetryLater(Optional<Duration> retryAfter, String reason) implements Result {}

        /** A response that will not get better by waiting, such as a 404 or a server that ignores ranges. */
        record Unusable(String reason) implements Result {}
    }

    /** A {@code Retry-After} longer than this is not waited for; the ordinary back-off applies instead. */
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

    /**
     * The slowest a web seed may deliver a long run, in bytes per second, before the fetch is abandoned and retried
     * later: the deadline of a fetch grows with its length beyond what the web seed timeout allows at this rate.
     */
    static final long MIN_RATE = 16 * 1024;

    private final HttpClient client;
    private final URI uri;
    private final long fileLength;
    private final Duration timeout;

    WebSeedHttp(URI uri, long fileLength, SwarmConfig config) {
        this.client = HttpClients.build(
                config.source(),
                builder -> builder.version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(config.connectTimeout())
                        .followRedirects(HttpClient.Redirect.NORMAL));
        this.uri = uri;
        this.fileLength = fileLength;
        this.timeout = config.webSeedTimeout();
    }

    URI uri() {
        return uri;
    }

    /** {@code length} bytes of the file from {@code from}. */
    Result fetch(long from, int length) throws InterruptedException {
        long last = from + length - 1;
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Range", "bytes=" + from + "-" + last)
                .header("User-Agent", Extensions.CLIENT)
                .GET()
                .build();
        try {
            HttpResponse<byte[]> response = BoundedHttp.send(client, request, length, deadline(length));
            int status = response.statusCode();
            if (status == 206) {
                String range = response.headers().firstValue("Content-Range").orElse("");
                if (!range.startsWith("bytes " + from + "-" + last + "/")) {
                    return new Result.Unusable(
                            "HTTP 206 with Content-Range '" + range + "' for bytes " + from + "-" + last);
                }
                return bytes(response.body(), length);
            }
            if (status == 200) {
                return from == 0 && length == fileLength
                        ? bytes(response.body(), length)
                        : new Result.Unusable("the server ignores Range requests");
            }
            if (status == 429 || status >= 500) {
                return new Result.RetryLater(retryAfter(response), "HTTP " + status);
            }
            return new Result.Unusable("HTTP " + status);
        } catch (IOException e) {
            return new Result.RetryLater(Optional.empty(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The web seed timeout, or the time {@code length} bytes take at {@link #MIN_RATE} if that is longer. */
    Duration deadline(int length) {
        Duration atMinRate = Duration.ofMillis(length * 1000L / MIN_RATE);
        return atMinRate.compareTo(timeout) > 0 ? atMinRate : timeout;
    }

    /** Abandons requests in flight and frees the client's selector thread. */
    void close() {
        client.shutdownNow();
    }

    private static Result bytes(byte[] body, int length) {
        if (body.length > length) {
            return new Result.Unusable("the body is longer than the " + length + " bytes asked for");
        }
        return body.length == length
                ? new Result.Bytes(body)
                : new Result.RetryLater(
                        Optional.empty(), "the body ended after " + body.length + " of " + length + " bytes");
    }

    /** A {@code Retry-After} in seconds; the HTTP-date form is rare from file servers and is treated as absent. */
    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Retry-After")
                .filter(v -> v.matches("\\d{1,9}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v)))
                .filter(d -> d.compareTo(MAX_RETRY_AFTER) <= 0);
    }
}
