package org.ossnet.agent.fetch;

import java.io.IOException;

/** A file was not complete when the fetch's time ran out; its verified pieces are kept for the next run. */
public final class FetchTimeoutException extends IOException {

    FetchTimeoutException(String message) {
        super(message);
    }
}
