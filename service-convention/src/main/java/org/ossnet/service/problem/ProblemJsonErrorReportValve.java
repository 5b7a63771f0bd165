package org.ossnet.service.problem;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's error report for what it refuses before any application code runs (a request line over the header
 * limit, an encoded slash or NUL, a broken escape): the same problem+json shape as every other error, where
 * Tomcat's default writes an HTML page. The body names no path, since the path is what could not be read.
 */
public class ProblemJsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus resolved = HttpStatus.resolve(status);
        String title = resolved == null ? "Error" : resolved.getReasonPhrase();
        String detail = status == 400
                ? "The server could not read the request line or headers: too long, or with a character or escape it"
                        + " refuses (an encoded slash, backslash or NUL, a broken %-escape)."
                : status >= 500 ? "The request failed on the server's side; the service logged why." : title + ".";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                // Every string here is ours, so plain concatenation yields valid JSON.
                writer.write("{\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail
                        + "\",\"instance\":\"/\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client has gone or the response was committed meanwhile: there is no one left to tell.
        }
    }
}
