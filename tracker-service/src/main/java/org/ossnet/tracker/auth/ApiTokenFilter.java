package org.ossnet.tracker.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires {@code Authorization: Bearer <token>} with a known, unrevoked token on every request it
 * is registered for, and answers 401 with {@code application/problem+json} otherwise.
 */
class ApiTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiTokens tokens;

    ApiTokenFilter(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            unauthorized(request, response, "This endpoint needs an 'Authorization: Bearer <token>' header.");
            return;
        }
        Optional<Caller> caller =
                tokens.findActive(header.substring(BEARER.length()).trim());
        if (caller.isEmpty()) {
            unauthorized(request, response, "The bearer token is unknown or revoked.");
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller.get());
        chain.doFilter(request, response);
    }

    private static void unauthorized(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ossnet\"");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        // Both strings are ours, so plain concatenation yields valid JSON.
        response.getWriter()
                .write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"" + detail
                        + "\",\"instance\":\"" + request.getRequestURI().replace("\"", "%22") + "\"}");
    }
}
