package org.ossnet.core.credential;

/**
 * Thrown when a revocation list is refused; {@link #problem()} says why, so that each caller can map it to its own
 * HTTP status or CLI exit code, and the message names the field at fault first when there is one.
 */
public final class RevocationListException extends IllegalArgumentException {

    /** Why a revocation list is refused. */
    public enum Problem {
        /** Not a canonical revocation list: a field is missing, malformed or out of range. */
        MALFORMED,
        /** Its signature does not prove the publisher's key signed it (another key, a bad or missing signature). */
        SIGNATURE,
        /** It is another publisher's list. */
        FOREIGN,
        /** It has expired: fail closed. */
        EXPIRED,
        /** It is older than one already accepted, or another list with the same version. */
        ROLLBACK
    }

    private final Problem problem;
    private final String field;

    RevocationListException(Problem problem, String field, String reason) {
        super(field == null ? reason : field + ": " + reason);
        this.problem = problem;
        this.field = field;
    }

    /** A {@link Problem#MALFORMED} refusal at {@code field}. */
    static RevocationListException malformed(String field, String reason) {
        return new RevocationListException(Problem.MALFORMED, field, reason);
    }

    /** The same problem, seen from an enclosing entry such as {@code entries[3]}. */
    RevocationListException within(String prefix) {
        String reason = field == null ? getMessage() : getMessage().substring(field.length() + 2);
        return new RevocationListException(problem, field == null ? prefix : prefix + "." + field, reason);
    }

    public Problem problem() {
        return problem;
    }

    /** The field at fault for {@link Problem#MALFORMED}, such as {@code entries[2].serial}; otherwise {@code null}. */
    public String field() {
        return field;
    }
}
