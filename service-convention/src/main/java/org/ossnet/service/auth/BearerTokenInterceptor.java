package org.ossnet.service.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import org.ossnet.service.problem.ApiProblem;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Requires {@code Authorization: Bearer <token>} known to one of the service's {@link TokenAuthenticator}s on every
 * {@code /api/v1} request (except {@link PublicEndpoint}s), then the handler's {@link RequiresRole}. Runs before the
 * body is read, so an unknown caller cannot make the service buffer a large document. Refusals are
 * {@link ApiProblem}s: 401 without or with an unknown token, 403 for a missing role.
 */
class BearerTokenInterceptor implements HandlerInterceptor {

    /** The request attribute under which the caller is left for {@link ApiCallerArgumentResolver}. */
    static final String CALLER = ApiCaller.class.getName();

    private static final String BEARER = "Bearer ";

    private final List<TokenAuthenticator> authenticators;

    BearerTokenInterceptor(List<TokenAuthenticator> authenticators) {
        this.authenticators = List.copyOf(authenticators);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        HandlerMethod method = handler instanceof HandlerMethod m ? m : null;
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (method != null && annotation(method, PublicEndpoint.class).isPresent()) {
            if (header == null) {
                return true;
            }
            // A token presented to a public endpoint is still checked: the handler may answer a known caller
            // differently (an official mirror registers as official), and a typo must not silently pass as anonymous.
        }
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ApiProblem.unauthorized("This endpoint needs an 'Authorization: Bearer <token>' header.");
        }
        String token = header.substring(BEARER.length()).trim();
        ApiCaller caller = token.isEmpty()
                ? null
                : authenticators.stream()
                        .map(authenticator -> authenticator.authenticate(token))
                        .flatMap(Optional::stream)
                        .findFirst()
                        .orElse(null);
        if (caller == null) {
            throw ApiProblem.unauthorized("The bearer token is unknown or revoked.");
        }
        request.setAttribute(CALLER, caller);
        if (method != null && annotation(method, PublicEndpoint.class).isEmpty()) {
            annotation(method, RequiresRole.class).ifPresent(required -> caller.require(required.value()));
        }
        return true;
    }

    private static <A extends java.lang.annotation.Annotation> Optional<A> annotation(
            HandlerMethod method, Class<A> type) {
        A onMethod = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), type);
        return Optional.ofNullable(
                onMethod != null ? onMethod : AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), type));
    }
}
