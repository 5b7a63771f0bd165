package org.ossnet.service.loglevel;

import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The authenticated log-level endpoint. */
@Configuration(proxyBeanMethods = false)
public class LogLevelConfiguration {

    @Bean
    LogLevelController logLevelController(LoggingSystem logging) {
        return new LogLevelController(logging);
    }
}
