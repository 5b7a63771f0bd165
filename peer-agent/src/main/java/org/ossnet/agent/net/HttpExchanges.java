package org.ossnet.agent.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small request-and-answer exchanges (a tracker's documents, its API) over kept-alive {@link HttpConnection}s, on the
 * caller's thread: as many connections to a server as callers use at once, each kept for the next exchange. Every
 * answer, head and body, must arrive within the caller's deadline and is read up to its bound. A GET follows
 * redirects, at most {@link #MAX_REDIRECTS}, never from https to http. A request that fails on a kept-alive connection
 * the server may have closed meanwhile is sent once more on a fresh one if it may reach the server twice: an idempotent
 * method's (RFC 9110, 9.2.2), or one its caller says is (an event batch the tracker counts once). A failed request
 * cannot tell whether the server had it, so any other fails.
 *
 * <p>The JDK's {@code HttpClient} hands every exchange between its selector and executor threads, and building one
 * costs a short command 20–25 ms; a small {@code get} asks its tracker for four documents and reports one event.
 */
public final class HttpExchanges {

    /** The most redirects a GET follows. */
    public static final int MAX_REDIRECTS = 5;

    /** The most of a redirect's body read to keep its connection; a longer one closes it. */
    private static final long SKIPPED_BODY_BYTES = 64 * 1024;

    private static final Map<SourceAddress, HttpExchanges> SHARED = new ConcurrentHashMap<>();

    /** The methods whose requests may reach a server twice with the effect of once (RFC 9110, 9.2.2). */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");

    /**
     * An answer.
     *
     * @param uri the URL that answered, after any redirects
     * @param head its status and header fields
     * @param body its body, at most the caller's bound
     */
    public record Answer(URI uri, HttpConnection.Head head, byte[] body) {

        /** The status code. */
        public int status() {
            return head.status();
        }
    }

    private final SourceAddress source;
    private final Duration connectTimeout;
    private final Map<String, Deque<HttpConnection>> idle = new HashMap<>();

    /**
     * Exchanges from {@code source}, each connection set up within {@code connectTimeout} and what is left of the
     * exchange's deadline.
     */
    public HttpExchanges(SourceAddress source, Duration connectTimeout) {
        this.source = source;
        this.connectTimeout = connectTimeout;
    }

    /**
     * The one instance per source address of a command's tracker exchanges, never closed, its connections set up within
     * {@link HttpClients#TRACKER_CONNECT_TIMEOUT} (each exchange's deadline bounds them further).
     */
    public static HttpExchanges forTrackers(SourceAddress source) {
        return SHARED.computeIfAbsent(source, s -> new HttpExchanges(s, HttpClients.TRACKER_CONNECT_TIMEOUT));
    }

    /**
     * Sends {@code method} to {@code url} with the header {@code fields} and, unless null, {@code body}, and returns
     * the answer with at most {@code maxBytes} of body, all of it within {@code deadline}.
     *
     * @throws HttpConnection.BodyTooLongException if the body is longer than {@code maxBytes}
     * @throws AnswerTooSlowException if the answer did not arrive in full within {@code deadline}
     * @throws IOException if the server could not be reached, or the exchange broke
     * @throws IllegalArgumentException if {@code url} is not an absolute http or https URL
     */
    public Answer send(
            String method, URI url, Map<String, String> fields, byte[] body, long maxBytes, Duration deadline)
            throws IOException {
        return send(method, url, fields, body, maxBytes, deadline, IDEMPOTENT.contains(method));
    }

    /**
     * As {@link #send(String, URI, Map, byte[], long, Duration)}, for a request that may reach the server twice if
     * {@code repeatable}, whatever its method: sent again on a fresh connection when a kept-alive one fails.
     */
    public Answer send(
            String method,
            URI url,
            Map<String, String> fields,
            byte[] body,
            long maxBytes,
            Duration deadline,
            boolean repeatable)
            throws IOException {
        try {
            return send(method, url, fields, body, maxBytes, System.nanoTime() + deadline.toNanos(), repeatable);
        } catch (AnswerTooSlowException e) {
            // Said with the caller's deadline, not what was left of it when the last request went out.
            throw new AnswerTooSlowException(deadline);
        }
    }

    private Answer send(
            String method,
            URI url,
            Map<String, String> fields,
            byte[] body,
            long maxBytes,
            long deadlineNanos,
            boolean repeatable)
            throws IOException {
        URI at = url;
        for (int hop = 0; ; hop++) {
            HttpConnection connection = take(at, deadlineNanos);
            try {
                HttpConnection.Head head;
                try {
                    head = connection.send(method, at, fields, body, deadlineNanos);
                } catch (IOException e) {
                    if (!repeatable || connection.exchanges() <= 1 || e instanceof AnswerTooSlowException) {
                        throw e;
                    }
                    // Servers close idle connections when they like: a kept-alive one that just closed is no failure.
                    connection.close();
                    connection = open(at, deadlineNanos);
                    head = connection.send(method, at, fields, body, deadlineNanos);
                }
                if (method.equals("GET")
                        && hop < MAX_REDIRECTS
                        && head.status() >= 300
                        && head.status() < 400
                        && head.header("location").isPresent()) {
                    URI next = at.resolve(head.header("location").get());
                    if (followable(at, next)) {
                        connection.skip(head, SKIPPED_BODY_BYTES, deadlineNanos);
                        giveBack(at, connection);
                        at = next;
                        continue;
                    }
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                connection.body(head, maxBytes, bytes::write, deadlineNanos);
                giveBack(at, connection);
                return new Answer(at, head, bytes.toByteArray());
            } catch (IOException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }
    }

    /** Whether a redirect from {@code from} to {@code to} is followed: to https, or from http to http. */
    public static boolean followable(URI from, URI to) {
        return "https".equalsIgnoreCase(to.getScheme())
                || "http".equalsIgnoreCase(to.getScheme()) && "http".equalsIgnoreCase(from.getScheme());
    }

    private HttpConnection take(URI url, long deadlineNanos) throws IOException {
        synchronized (idle) {
            Deque<HttpConnection> kept = idle.get(key(url));
            while (kept != null && !kept.isEmpty()) {
                HttpConnection connection = kept.pollLast();
                if (connection.reusable()) {
                    return connection;
                }
                connection.close();
            }
        }
        return open(url, deadlineNanos);
    }

    /** A new connection, set up within the connect timeout and what is left of the caller's deadline. */
    private HttpConnection open(URI url, long deadlineNanos) throws IOException {
        Duration left = Duration.ofNanos(deadlineNanos - System.nanoTime());
        if (left.isNegative() || left.isZero()) {
            throw new AnswerTooSlowException(left);
        }
        return HttpConnection.open(url, source, left.compareTo(connectTimeout) < 0 ? left : connectTimeout);
    }

    private void giveBack(URI url, HttpConnection connection) {
        if (!connection.reusable()) {
            connection.close();
            return;
        }
        synchronized (idle) {
            idle.computeIfAbsent(key(url), k -> new ArrayDeque<>()).addLast(connection);
        }
    }

    private static String key(URI url) {
        return url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getRawAuthority();
    }
}
