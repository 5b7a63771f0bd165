package org.ossnet.testsupport.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Plain HTTP requests against a running service, and waiting until it reports itself ready. */
public final class HttpProbe {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpProbe() {}

    /**
     * What a request returned.
     *
     * @param status the HTTP status code
     * @param contentType the Content-Type header, or an empty string
     * @param body the body as text
     * @param headers every response header, by lower-case name
     */
    public record Response(int status, String contentType, String body, Map<String, List<String>> headers) {

        /** The first value of a response header, or an empty string. */
        public String header(String name) {
            List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
            return values.isEmpty() ? "" : values.getFirst();
        }
    }

    /** GETs {@code uri} with the given request headers. */
    public static Response get(URI uri, Map<String, String> headers) throws IOException {
        return send("GET", uri, headers, null);
    }

    /** Sends {@code method} to {@code uri} with the given headers and, unless null, a UTF-8 body. */
    public static Response send(String method, URI uri, Map<String, String> headers, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, List<String>> received = new TreeMap<>();
            response.headers().map().forEach((name, values) -> received.put(name.toLowerCase(Locale.ROOT), values));
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body(),
                    Map.copyOf(received));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while requesting " + uri, e);
        }
    }

    /** GETs {@code uri} without extra headers. */
    public static Response get(URI uri) throws IOException {
        return get(uri, Map.of());
    }

    /**
     * Waits until {@code <base>/actuator/health/readiness} answers 200, or until {@code timeout}
     * passes or {@code stillRunning} turns false; returns whether the service became ready.
     */
    public static boolean awaitReady(URI base, Duration timeout, java.util.function.BooleanSupplier stillRunning) {
        URI readiness = base.resolve("/actuator/health/readiness");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && stillRunning.getAsBoolean()) {
            try {
                if (get(readiness).status() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // Not listening yet: keep polling until the deadline.
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
