package org.ossnet.service.auth;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Hands a handler's {@link ApiCaller} parameter the caller {@link BearerTokenInterceptor} authenticated. */
class ApiCallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == ApiCaller.class;
    }

    @Override
    public Object resolveArgument(
            MethodParameter parameter,
            ModelAndViewContainer container,
            NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        Object caller = request.getAttribute(BearerTokenInterceptor.CALLER, RequestAttributes.SCOPE_REQUEST);
        if (caller == null) {
            // Only a handler outside /api/v1 or marked public can get here, which is a programming error.
            throw new IllegalStateException("No authenticated caller: " + parameter.getMethod()
                    + " asks for one but is not behind the bearer token check");
        }
        return caller;
    }
}
