package org.ossnet.agent.fetch;

/** A snapshot path that would land outside the output directory, or be written through a symbolic link. */
public final class UnsafePathException extends IllegalArgumentException {

    UnsafePathException(String message) {
        super(message);
    }
}
