package org.ossnet.tracker.system;

import org.springframework.http.HttpStatus;

/**
 * A request the tracker refuses, rendered as {@code application/problem+json} with this status
 * and the message as {@code detail}. Messages name the offending entry, e.g. {@code files[3].path}.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;

    public ApiProblem(HttpStatus status, String detail) {
        super(detail);
        this.status = status;
    }

    /** 400: the request is malformed or invalid. */
    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, detail);
    }

    /** 404: nothing by that name (or not yet public). */
    public static ApiProblem notFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, detail);
    }

    /** 409: the request conflicts with what is stored (an older version, a nested mount). */
    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, detail);
    }

    /** 413: the request or the document it would produce is too large. */
    public static ApiProblem tooLarge(String detail) {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, detail);
    }

    public HttpStatus status() {
        return status;
    }
}
