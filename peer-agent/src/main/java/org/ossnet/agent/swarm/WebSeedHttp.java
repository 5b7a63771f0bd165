package org.ossnet.agent.swarm;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The HTTP side of a web seed: one ranged GET of a byte run of the file, classified as the bytes, an error worth
 * retrying later, or a server we cannot use. HTTP/1.1 on the JDK client, with the session's connect timeout, a whole
 * response timeout, and redirects followed as the client does by default (at most 5, never from https to http).
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

    private final HttpClient client;
    private final URI uri;
    private final long fileLength;
    private final Duration timeout;

    WebSeedHttp(URI uri, long fileLength, SwarmConfig config) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
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
                .timeout(timeout)
                .header("Range", "bytes=" + from + "-" + last)
                .header("User-Agent", Extensions.CLIENT)
                .GET()
                .build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (status == 206) {
                    String range =
                            response.headers().firstValue("Content-Range").orElse("");
                    if (!range.startsWith("bytes " + from + "-" + last + "/")) {
                        return new Result.Unusable(
                                "HTTP 206 with Content-Range '" + range + "' for bytes " + from + "-" + last);
                    }
                    return read(body, length);
                }
                if (status == 200) {
                    return from == 0 && length == fileLength
                            ? read(body, length)
                            : new Result.Unusable("the server ignores Range requests");
                }
                if (status == 429 || status >= 500) {
                    return new Result.RetryLater(retryAfter(response), "HTTP " + status);
                }
                return new Result.Unusable("HTTP " + status);
            }
        } catch (IOException e) {
            return new Result.RetryLater(Optional.empty(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Abandons requests in flight and frees the client's selector thread. */
    void close() {
        client.shutdownNow();
    }

    private static Result read(InputStream body, int length) throws IOException {
        byte[] bytes = body.readNBytes(length);
        return bytes.length == length
                ? new Result.Bytes(bytes)
                : new Result.RetryLater(
                        Optional.empty(), "the body ended after " + bytes.length + " of " + length + " bytes");
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
