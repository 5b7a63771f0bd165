package org.ossnet.signing.auth;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts bearer-token authentication in front of {@code /api/v1}, except the public key list. */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration implements WebMvcConfigurer {

    private final ClientRegistry clients;

    AuthConfiguration(ClientRegistry clients) {
        this.clients = clients;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // Public keys are public: verifiers fetch them without credentials. Rotation, below it, is not excluded.
        registry.addInterceptor(new BearerTokenInterceptor(clients))
                .addPathPatterns("/api/v1/**")
                .excludePathPatterns("/api/v1/keys");
    }
}
