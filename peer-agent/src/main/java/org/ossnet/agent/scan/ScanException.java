package org.ossnet.agent.scan;

/** Thrown when a tree holds something that cannot be published as it is, such as a symlink leading out of it. */
public final class ScanException extends Exception {

    ScanException(String message) {
        super(message);
    }
}
