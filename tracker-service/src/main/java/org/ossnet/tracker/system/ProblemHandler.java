package org.ossnet.tracker.system;

import org.ossnet.signing.client.SigningUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Renders refusals as {@code application/problem+json}; Spring's own exceptions keep their standard mapping. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiProblem.class)
    ProblemDetail apiProblem(ApiProblem problem) {
        return ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
    }

    @ExceptionHandler(SigningUnavailableException.class)
    ProblemDetail signingUnavailable(SigningUnavailableException e) {
        log.warn("Publish refused, signing-service unavailable: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "signing-service is unavailable, nothing was published and the previous snapshot keeps serving: "
                        + e.getMessage());
        problem.setTitle("Signing unavailable");
        return problem;
    }
}
