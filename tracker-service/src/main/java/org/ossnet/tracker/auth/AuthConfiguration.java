package org.ossnet.tracker.auth;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts token authentication in front of the admin and service API; protocol endpoints stay open. */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration {

    @Bean
    FilterRegistrationBean<ApiTokenFilter> apiTokenFilter(ApiTokens tokens) {
        FilterRegistrationBean<ApiTokenFilter> registration = new FilterRegistrationBean<>(new ApiTokenFilter(tokens));
        registration.addUrlPatterns("/api/v1/*");
        return registration;
    }
}
