package org.ossnet.region.authority;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.ossnet.region.system.RegionProperties;
import org.springframework.stereotype.Component;

/** GETs the master's public documents, bounded in time and size. */
@Component
public class MasterClient {

    /** Larger than any document this tracker reads from the master (a snapshot is at most 64 MiB). */
    private static final long MAX_BYTES = 64L * 1024 * 1024 + 1024;

    private final RegionProperties properties;
    private final HttpClient http;

    MasterClient(RegionProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.masterTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** What the master answered. */
    public record Answer(int status, Optional<String> contentType, HttpResponse<byte[]> response) {

        public byte[] body() {
            return response.body();
        }

        public Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }
    }

    /** GETs a path on the master ({@code /…}, encoded), waiting at most {@code timeout}. */
    public Answer get(String encodedPath, Duration timeout) throws IOException {
        return get(properties.master(encodedPath), timeout);
    }

    /** GETs an absolute URL on the master. */
    public Answer get(URI url, Duration timeout) throws IOException {
        return get(url, timeout, Map.of());
    }

    /**
     * GETs a path on the master ({@code /…}, encoded) with the usual timeout and {@code headers} as given: a client's
     * signed request relayed with its signature headers intact, so the master verifies it again.
     */
    public Answer get(String encodedPath, Map<String, String> headers) throws IOException {
        return get(properties.master(encodedPath), properties.masterTimeout(), headers);
    }

    private Answer get(URI url, Duration timeout, Map<String, String> headers) throws IOException {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(url).timeout(timeout).GET();
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.body().length > MAX_BYTES) {
                throw new IOException("the master's answer for " + url.getRawPath() + " is larger than " + MAX_BYTES);
            }
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type"), response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the master", e);
        }
    }

    /** POSTs JSON to a path on the master ({@code /…}, encoded) with extra headers (name, value, …). */
    public Answer post(String encodedPath, byte[] json, String... headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(properties.master(encodedPath))
                .timeout(properties.masterTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type"), response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the master", e);
        }
    }

    /** GETs with the usual timeout. */
    public Answer get(String encodedPath) throws IOException {
        return get(encodedPath, properties.masterTimeout());
    }
}
