package org.ossnet.signing.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.ossnet.signing.system.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Requires {@code Authorization: Bearer <token>} of a configured client and leaves the {@link Caller} in the
 * request; otherwise answers 401 through the problem handler. Runs before the body is read, so an unknown caller
 * cannot make the service buffer a large document.
 */
class BearerTokenInterceptor implements HandlerInterceptor {

    private static final String BEARER = "Bearer ";

    private final ClientRegistry clients;

    BearerTokenInterceptor(ClientRegistry clients) {
        this.clients = clients;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw Problems.unauthorized("This endpoint needs an 'Authorization: Bearer <token>' header.");
        }
        Caller caller = clients.authenticate(header.substring(BEARER.length()).trim())
                .orElseThrow(() -> Problems.unauthorized("The bearer token is not one of a configured client."));
        request.setAttribute(Caller.ATTRIBUTE, caller);
        return true;
    }
}
