package org.ossnet.service.problem;

import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;

/**
 * Words a body the converter could not read for the client: where it broke (a JSON path, or a line and column)
 * and why in Jackson's own short words, but never a Java type or class name, which say nothing to a client and
 * something to an attacker.
 */
final class UnreadableBody {

    private UnreadableBody() {}

    static ProblemDetail describe(HttpMessageNotReadableException e) {
        ProblemDetail problem;
        if (e.getMostSpecificCause() instanceof StreamConstraintsException limit) {
            // A reading limit (a string, number or nesting too large), not a syntax error: the documents promise 413.
            problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "The body exceeds a limit of what this service reads: "
                            + limit.getOriginalMessage().replaceAll("\\s*\\(.*", "") + ".");
            problem.setTitle("Request too large");
            return problem;
        }
        if (e.getMostSpecificCause() instanceof JacksonException jackson) {
            String path = path(jackson);
            if (jackson instanceof StreamReadException && path.isEmpty()) {
                problem = ProblemDetail.forStatusAndDetail(
                        HttpStatus.BAD_REQUEST, "The body is not valid JSON" + location(jackson) + ".");
            } else if (path.isEmpty()) {
                problem = ProblemDetail.forStatusAndDetail(
                        HttpStatus.BAD_REQUEST, "The body does not have the expected shape" + location(jackson) + ".");
            } else {
                problem = ProblemDetail.forStatusAndDetail(
                        HttpStatus.BAD_REQUEST, path + " is missing, of the wrong type or not allowed here.");
                problem.setProperty("field", path);
            }
        } else if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request needs a body.");
        } else {
            problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The body could not be read.");
        }
        problem.setTitle("Unreadable request");
        return problem;
    }

    /** The JSON path of the offending member, such as {@code files[3].size}, or empty for the document itself. */
    private static String path(JacksonException e) {
        return e.getPath().stream()
                .map(reference -> reference.getPropertyName() != null
                        ? "." + reference.getPropertyName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1
                ? ""
                : " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
    }
}
