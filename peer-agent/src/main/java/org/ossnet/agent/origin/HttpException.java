package org.ossnet.agent.origin;

/** A request the server answers with an error status and then closes the connection, because it cannot be parsed. */
final class HttpException extends Exception {

    private final int status;

    HttpException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
