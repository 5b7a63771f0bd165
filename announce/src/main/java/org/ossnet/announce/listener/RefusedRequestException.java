package org.ossnet.announce.listener;

/** A request the listener will not serve: the HTTP status to reply with and why, in words for the body. */
final class RefusedRequestException extends Exception {

    private final int status;

    RefusedRequestException(int status, String reason) {
        // No stack trace: refused requests come from outside, often, and the message says everything.
        super(reason, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
