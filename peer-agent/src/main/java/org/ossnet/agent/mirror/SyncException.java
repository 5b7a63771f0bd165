package org.ossnet.agent.mirror;

/** A sync that could not finish; the served tree is as it was, and what was verified stays staged for the next try. */
public final class SyncException extends Exception {

    public SyncException(String message) {
        super(message);
    }
}
