package org.ossnet.core.snapshot;

/**
 * Thrown when a snapshot document, or a snapshot built in code, breaks a rule; the message names the offending
 * entry first, as in {@code files[3].sha256: must be 64 lower-case hex digits}.
 */
public final class InvalidSnapshotException extends IllegalArgumentException {

    private final String field;
    private final String reason;

    InvalidSnapshotException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** Where the problem is: {@code document}, a field name, or a path such as {@code files[3].path}. */
    public String field() {
        return field;
    }

    /** What is wrong, without the field. */
    public String reason() {
        return reason;
    }

    /** The same problem, seen from an enclosing entry such as {@code files[3]}. */
    InvalidSnapshotException within(String prefix) {
        return new InvalidSnapshotException(prefix + "." + field, reason);
    }
}
