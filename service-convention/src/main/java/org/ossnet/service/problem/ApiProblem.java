package org.ossnet.service.problem;

import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request a service refuses, written as {@code application/problem+json} with this status and the message as
 * {@code detail}. Messages are whole sentences that name the offending entry; {@link #invalid} adds the member
 * {@code field} (for example {@code files[3].path}) so a client can point at it.
 */
public class ApiProblem extends ErrorResponseException {

    private ApiProblem(HttpStatus status, String title, String detail, Map<String, Object> properties) {
        super(status, body(status, title, detail, properties), null);
    }

    private static ProblemDetail body(HttpStatus status, String title, String detail, Map<String, Object> properties) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        if (title != null) {
            body.setTitle(title);
        }
        properties.forEach(body::setProperty);
        return body;
    }

    /** A problem with this status and detail and the status's standard title. */
    public static ApiProblem of(HttpStatus status, String detail) {
        return new ApiProblem(status, null, detail, Map.of());
    }

    /** 400: the request is malformed. */
    public static ApiProblem badRequest(String detail) {
        return of(HttpStatus.BAD_REQUEST, detail);
    }

    /** 400 for a request member that breaks a rule, named in the extra member {@code field}. */
    public static ApiProblem invalid(String field, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "Invalid request", detail, Map.of("field", field));
    }

    /** 401 with {@code WWW-Authenticate: Bearer}, as RFC 6750 asks. */
    public static ApiProblem unauthorized(String detail) {
        ApiProblem problem = of(HttpStatus.UNAUTHORIZED, detail);
        problem.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ossnet\"");
        return problem;
    }

    /** 403: the caller is known but lacks the role. */
    public static ApiProblem forbidden(String detail) {
        return of(HttpStatus.FORBIDDEN, detail);
    }

    /** 404: nothing by that name (or nothing the caller may see). */
    public static ApiProblem notFound(String detail) {
        return of(HttpStatus.NOT_FOUND, detail);
    }

    /** 409: the request conflicts with what is stored. */
    public static ApiProblem conflict(String detail) {
        return of(HttpStatus.CONFLICT, detail);
    }

    /** 413: the request or the document it would produce is too large. */
    public static ApiProblem tooLarge(String detail) {
        return of(HttpStatus.CONTENT_TOO_LARGE, detail);
    }

    /** 503 with a title saying which dependency is missing, for example "Signing unavailable". */
    public static ApiProblem unavailable(String title, String detail) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, title, detail, Map.of());
    }

    /**
     * Adds an extension member a client can act on, such as the version a conflict is about; a name and a value of
     * the service's own, never a request's echo.
     */
    public ApiProblem with(String member, Object value) {
        getBody().setProperty(member, value);
        return this;
    }

    /** The status, for callers that count refusals by it. */
    public HttpStatus status() {
        return HttpStatus.valueOf(getStatusCode().value());
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
