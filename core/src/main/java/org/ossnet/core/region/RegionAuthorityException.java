package org.ossnet.core.region;

/**
 * Thrown when a region authority is refused; {@link #problem()} says why, so that each caller can map it to its own
 * HTTP status or CLI exit code, and the message names the field at fault first when there is one.
 */
public final class RegionAuthorityException extends IllegalArgumentException {

    /** Why an authority is refused. */
    public enum Problem {
        /** Not a canonical region authority: a field is missing, malformed or out of range. */
        MALFORMED,
        /** Its signature does not prove the publisher's key signed it (another key, a bad or missing signature). */
        SIGNATURE,
        /** It delegates a region of another publisher. */
        FOREIGN,
        /** Its validity window has not begun. */
        NOT_YET_VALID,
        /** Its validity window has ended: fail closed. */
        EXPIRED,
        /** It is for another region than the one it was served or installed for. */
        WRONG_REGION,
        /** Its prefixes overlap another region's. */
        OVERLAP,
        /** It is older than one already accepted for the same region. */
        ROLLBACK
    }

    private final Problem problem;
    private final String field;

    RegionAuthorityException(Problem problem, String field, String reason) {
        super(field == null ? reason : field + ": " + reason);
        this.problem = problem;
        this.field = field;
    }

    /** A {@link Problem#MALFORMED} refusal at {@code field}. */
    static RegionAuthorityException malformed(String field, String reason) {
        return new RegionAuthorityException(Problem.MALFORMED, field, reason);
    }

    public Problem problem() {
        return problem;
    }

    /** The field at fault for {@link Problem#MALFORMED}, such as {@code prefixes[2]}; otherwise {@code null}. */
    public String field() {
        return field;
    }
}
