package org.ossnet.tracker.credential;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.ossnet.core.credential.SignedRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps the body of a signed request (one carrying {@link SignedRequest}'s headers) so that {@link MirrorRequests}
 * can check the signature over exactly the bytes received, and the controller still reads them: the body is read
 * once, at most {@value #MAX_BODY} bytes (a longer one is refused with 413 before anything reads it), and replayed.
 * Unsigned requests pass untouched.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class SignedBodyFilter extends OncePerRequestFilter {

    /** The largest body a signed request may carry; mirror registrations and holdings are far smaller. */
    static final int MAX_BODY = 1024 * 1024;

    static final String BODY = SignedBodyFilter.class.getName() + ".body";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!SignedRequest.isSigned(
                request.getHeader(SignedRequest.CERTIFICATE_HEADER),
                request.getHeader(SignedRequest.SIGNATURE_HEADER))) {
            chain.doFilter(request, response);
            return;
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
            response.setContentType("application/problem+json");
            response.getOutputStream()
                    .write(("{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
                                    + "\"detail\":\"A signed request's body may have at most " + MAX_BODY
                                    + " bytes.\"}")
                            .getBytes(StandardCharsets.UTF_8));
            return;
        }
        request.setAttribute(BODY, body);
        chain.doFilter(new Replayed(request, body), response);
    }

    /** The request with its body read into memory and served again to whoever reads it next. */
    private static final class Replayed extends HttpServletRequestWrapper {

        private final byte[] body;

        Replayed(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("a replayed body is read blocking");
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
