package org.ossnet.service.auth;

import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Hands a handler's {@link ApiCaller} parameter the caller {@link BearerTokenInterceptor} authenticated; a
 * {@link PublicEndpoint} takes {@code Optional<ApiCaller>} instead, empty when the request presented no token.
 */
class ApiCallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == ApiCaller.class || optionalCaller(parameter);
    }

    private static boolean optionalCaller(MethodParameter parameter) {
        return parameter.getParameterType() == Optional.class
                && ResolvableType.forMethodParameter(parameter).getGeneric(0).resolve() == ApiCaller.class;
    }

    @Override
    public Object resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer container,
            NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        Object caller = request.getAttribute(BearerTokenInterceptor.CALLER, RequestAttributes.SCOPE_REQUEST);
        if (optionalCaller(parameter)) {
            return Optional.ofNullable(caller);
        }
        if (caller == null) {
            // Only a handler outside /api/v1 or marked public can get here, which is a programming error.
            throw new IllegalStateException("No authenticated caller: " + parameter.getMethod()
                    + " asks for one but is not behind the bearer token check");
        }
        return caller;
    }
}
