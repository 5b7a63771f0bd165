package org.ossnet.agent.origin;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The limits and logging of an {@link HttpFileServer}.
 *
 * @param maxHeaderBytes the largest request head (request line and headers) accepted; larger ones get 431. Default
 *     16 KiB.
 * @param maxHeaderCount the most header fields accepted in one request; more get 431. Default 100.
 * @param requestTimeout how long a connection may take to deliver a complete request head, counted from when the
 *     server starts waiting for it (after accept, or after the previous response on a kept-alive connection). A
 *     client that is slower is disconnected. Default 15 seconds.
 * @param sendTimeout how long sending a response may make no progress before the connection is dropped, so a client
 *     that stops reading cannot hold a file open forever. Default 30 seconds.
 * @param maxConnections the most connections served at once; further ones are closed on accept. Default 1024.
 * @param accessLog where one line per response goes, without query strings; default standard error.
 */
public record OriginConfig(
        int maxHeaderBytes,
        int maxHeaderCount,
        Duration requestTimeout,
        Duration sendTimeout,
        int maxConnections,
        Consumer<String> accessLog) {

    /** The default of {@link #maxHeaderBytes}. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;

    /** The default of {@link #maxHeaderCount}. */
    public static final int DEFAULT_MAX_HEADER_COUNT = 100;

    /** The default of {@link #requestTimeout}. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);

    /** The default of {@link #sendTimeout}. */
    public static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(30);

    /** The default of {@link #maxConnections}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;

    public OriginConfig {
        if (maxHeaderBytes < 256) {
            throw new IllegalArgumentException("maxHeaderBytes must be at least 256: " + maxHeaderBytes);
        }
        if (maxHeaderCount < 1) {
            throw new IllegalArgumentException("maxHeaderCount must be positive: " + maxHeaderCount);
        }
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(sendTimeout, "sendTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
        }
        Objects.requireNonNull(accessLog, "accessLog");
    }

    /** The defaults documented on each component, logging to standard error. */
    public static OriginConfig defaults() {
        return new OriginConfig(
                DEFAULT_MAX_HEADER_BYTES,
                DEFAULT_MAX_HEADER_COUNT,
                DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_SEND_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS,
                System.err::println);
    }

    /** This configuration with access log lines sent to {@code sink} instead. */
    public OriginConfig withAccessLog(Consumer<String> sink) {
        return new OriginConfig(maxHeaderBytes, maxHeaderCount, requestTimeout, sendTimeout, maxConnections, sink);
    }

    /** This configuration without an access log. */
    public OriginConfig quiet() {
        return withAccessLog(line -> {});
    }

    /** This configuration with other timeouts; tests use short ones. */
    public OriginConfig withTimeouts(Duration request, Duration send) {
        return new OriginConfig(maxHeaderBytes, maxHeaderCount, request, send, maxConnections, accessLog);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + duration);
        }
    }
}
