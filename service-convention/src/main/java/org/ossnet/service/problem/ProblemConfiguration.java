package org.ossnet.service.problem;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The one exception handler, the error page, a guard against unparseable paths and Tomcat's own error report, all answering problem+json. */
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

    @Bean
    FilterRegistrationBean<MalformedPathFilter> malformedPathFilter() {
        FilterRegistrationBean<MalformedPathFilter> registration =
                new FilterRegistrationBean<>(new MalformedPathFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Tomcat only: the host's error report valve is Tomcat's, and must be named before the host starts. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory")
    static class TomcatErrorReport {

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemJsonErrorReport() {
            return factory -> factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemJsonErrorReportValve.class.getName());
                }
            });
        }
    }
}
