package org.ossnet.agent.net;

import java.io.IOException;
import java.net.URI;

/**
 * A request that got no HTTP answer: the host name did not resolve, the connection was refused, timed out, failed its
 * TLS handshake or broke. It keeps the URL and the JDK's exception as its cause; the CLI's {@code Failures} words
 * what failed from the cause, which the JDK's HTTP client often leaves without a message (a bare
 * {@code ConnectException}).
 */
public final class UnreachableException extends IOException {

    private final URI uri;

    /** {@code uri} could not be reached; {@code cause} is what the HTTP client threw. */
    public UnreachableException(URI uri, IOException cause) {
        super("cannot reach " + uri + ": " + innermost(cause), cause);
        this.uri = uri;
    }

    /** The URL asked for. */
    public URI uri() {
        return uri;
    }

    private static String innermost(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null
                ? root.getClass().getSimpleName() + ": " + root.getMessage()
                : root.getClass().getSimpleName();
    }
}
