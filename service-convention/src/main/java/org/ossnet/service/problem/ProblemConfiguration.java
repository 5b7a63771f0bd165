package org.ossnet.service.problem;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one exception handler and the container's error page, both answering problem+json. */
@Configuration(proxyBeanMethods = false)
public class ProblemConfiguration {

    @Bean
    ProblemHandler problemHandler() {
        return new ProblemHandler();
    }

    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }
}
