package org.ossnet.testsupport.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Plain HTTP GETs against a running service, and waiting until it reports itself ready. */
public final class HttpProbe {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpProbe() {}

    /**
     * What a GET returned.
     *
     * @param status the HTTP status code
     * @param contentType the Content-Type header, or an empty string
     * @param body the body as text
     */
    public record Response(int status, String contentType, String body) {}

    /** GETs {@code uri} with the given request headers. */
    public static Response get(URI uri, Map<String, String> headers) throws IOException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while fetching " + uri, e);
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
