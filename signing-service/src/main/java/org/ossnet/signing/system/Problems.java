package org.ossnet.signing.system;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Factories for the errors this service answers with. Each is an {@link ErrorResponseException}, which Spring's
 * problem-details exception handler (enabled by {@code spring.mvc.problemdetails.enabled}) writes as
 * {@code application/problem+json}.
 */
public final class Problems {

    private Problems() {}

    /** 401 with {@code WWW-Authenticate: Bearer}, as RFC 6750 asks. */
    public static ErrorResponseException unauthorized(String detail) {
        ErrorResponseException e = problem(HttpStatus.UNAUTHORIZED, detail);
        e.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ossnet-signing\"");
        return e;
    }

    public static ErrorResponseException forbidden(String detail) {
        return problem(HttpStatus.FORBIDDEN, detail);
    }

    public static ErrorResponseException notFound(String detail) {
        return problem(HttpStatus.NOT_FOUND, detail);
    }

    public static ErrorResponseException badRequest(String detail) {
        return problem(HttpStatus.BAD_REQUEST, detail);
    }

    public static ErrorResponseException tooLarge(String detail) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, detail);
    }

    /** 400 for a document that breaks a rule, naming where with the extra member {@code field}. */
    public static ErrorResponseException invalidDocument(String field, String detail) {
        ErrorResponseException e = problem(HttpStatus.BAD_REQUEST, detail);
        e.getBody().setTitle("Invalid document");
        e.getBody().setProperty("field", field);
        return e;
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }
}
