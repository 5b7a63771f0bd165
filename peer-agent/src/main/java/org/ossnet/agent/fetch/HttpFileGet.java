package org.ossnet.agent.fetch;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import org.ossnet.agent.net.AnswerTooSlowException;
import org.ossnet.agent.net.HttpConnection;
import org.ossnet.agent.net.HttpExchanges;
import org.ossnet.agent.storage.Digests;
import org.ossnet.agent.swarm.SwarmConfig;

/**
 * Whole-file GETs of small files from web seeds, each body streamed into the file's part file and hashed with SHA-256
 * on the way, so the file is proven without being read again. One per thread: it keeps a persistent connection to each
 * server it has asked ({@link HttpConnection}) for the next file, from the configuration's source address, within its
 * connect timeout; a whole answer must arrive within its web seed timeout. Redirects are followed, at most
 * {@link #MAX_REDIRECTS}, never from https to http.
 */
final class HttpFileGet implements AutoCloseable {

    /** What one GET gave. */
    sealed interface Result {
        /** The whole body is in the part file; {@code sha256} is what it hashed to, not yet compared. */
        record Fetched(byte[] sha256) implements Result {}

        /** The server answered without the file (404, 403, 5xx, ...): it may still serve other files. */
        record Missing(String reason) implements Result {}

        /** The server could not be reached, was too slow, or sent a body of the wrong length: do not ask it again. */
        record Broken(String reason) implements Result {}
    }

    static final int MAX_REDIRECTS = 5;

    /** The most of an error or redirect body read to keep its connection; a longer one closes the connection. */
    private static final long SKIPPED_BODY_BYTES = 64 * 1024;

    private final SwarmConfig config;
    private final Map<String, HttpConnection> connections = new HashMap<>();

    HttpFileGet(SwarmConfig config) {
        this.config = config;
    }

    /** GETs {@code url} into {@code part} (created or truncated), expecting exactly {@code size} bytes. */
    Result fetch(URI url, Path part, long size) throws InterruptedException {
        long deadline = System.nanoTime() + config.webSeedTimeout().toNanos();
        URI at = url;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpConnection connection = null;
            try {
                connection = connection(at);
                HttpConnection.Head head;
                try {
                    head = connection.get(at, deadline);
                } catch (IOException e) {
                    if (connection.exchanges() <= 1 || e instanceof AnswerTooSlowException) {
                        throw e;
                    }
                    // Servers close idle connections when they like: a kept-alive one that just closed is no failure.
                    forget(connection, at);
                    connection = connection(at);
                    head = connection.get(at, deadline);
                }
                int status = head.status();
                if (status >= 300 && status < 400 && head.header("location").isPresent()) {
                    connection.skip(head, SKIPPED_BODY_BYTES, deadline);
                    URI next = at.resolve(head.header("location").get());
                    if (!HttpExchanges.followable(at, next)) {
                        return new Result.Missing("HTTP " + status + " to " + next);
                    }
                    at = next;
                    continue;
                }
                if (status != 200) {
                    connection.skip(head, SKIPPED_BODY_BYTES, deadline);
                    return new Result.Missing("HTTP " + status);
                }
                return body(connection, head, part, size, deadline);
            } catch (IOException | IllegalArgumentException e) {
                if (connection != null) {
                    forget(connection, at);
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("stopped during a GET of " + url);
                }
                return new Result.Broken(e.getClass().getSimpleName() + ": " + e.getMessage());
            } finally {
                if (connection != null && !connection.reusable()) {
                    forget(connection, at);
                }
            }
        }
        return new Result.Missing("more than " + MAX_REDIRECTS + " redirects");
    }

    private Result body(HttpConnection connection, HttpConnection.Head head, Path part, long size, long deadline)
            throws IOException {
        MessageDigest sha256 = Digests.newDigest("SHA-256", size);
        long received;
        try (FileChannel channel = FileChannel.open(
                part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            received = connection.body(
                    head,
                    size,
                    (bytes, offset, length) -> {
                        sha256.update(bytes, offset, length);
                        for (ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length); buffer.hasRemaining(); ) {
                            channel.write(buffer);
                        }
                    },
                    deadline);
        }
        return received == size
                ? new Result.Fetched(sha256.digest())
                : new Result.Broken("the body is " + received + " bytes, the file " + size);
    }

    private HttpConnection connection(URI url) throws IOException {
        String key = key(url);
        HttpConnection open = connections.get(key);
        if (open == null || !open.reusable()) {
            open = HttpConnection.open(url, config.source(), config.connectTimeout());
            connections.put(key, open);
        }
        return open;
    }

    private void forget(HttpConnection connection, URI url) {
        connection.close();
        connections.remove(key(url), connection);
    }

    private static String key(URI url) {
        return url.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + url.getRawAuthority();
    }

    /** Closes every connection. */
    @Override
    public void close() {
        connections.values().forEach(HttpConnection::close);
        connections.clear();
    }
}
