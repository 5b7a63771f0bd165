package org.ossnet.agent.tracker;

import java.net.URI;

/**
 * Thrown when a tracker answers with an error status; carries the status and the problem's {@code detail}, which
 * is what a person needs to fix a refused publish.
 */
public final class TrackerException extends Exception {

    private final URI uri;
    private final int status;
    private final String detail;

    TrackerException(URI uri, int status, String title, String detail) {
        super(uri + " answered " + status + (title == null ? "" : " " + title) + (detail == null ? "" : ": " + detail));
        this.uri = uri;
        this.status = status;
        this.detail = detail;
    }

    /** The URL that answered. */
    public URI uri() {
        return uri;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The problem's {@code detail}, or a short excerpt of a body that was not a problem document; may be null. */
    public String detail() {
        return detail;
    }
}
