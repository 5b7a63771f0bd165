package org.ossnet.service.auth;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Bearer-token authentication in front of {@code /api/v1}, over every {@link TokenAuthenticator} bean the service
 * defines (in their order); with none, every token is unknown. Protocol endpoints stay open because they live
 * outside {@code /api/v1}.
 */
@Configuration(proxyBeanMethods = false)
public class AuthConfiguration implements WebMvcConfigurer {

    /** The API every service protects; DESIGN puts admin and service APIs there. */
    static final String API_PATHS = "/api/v1/**";

    private final ObjectProvider<TokenAuthenticator> authenticators;

    AuthConfiguration(ObjectProvider<TokenAuthenticator> authenticators) {
        this.authenticators = authenticators;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new BearerTokenInterceptor(
                        authenticators.orderedStream().toList()))
                .addPathPatterns(API_PATHS);
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new ApiCallerArgumentResolver());
    }

    @Bean
    WhoamiController whoamiController() {
        return new WhoamiController();
    }
}
