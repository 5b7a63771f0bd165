package org.ossnet.stats.system;

import org.ossnet.service.auth.ConfiguredClients;
import org.ossnet.service.auth.TokenAuthenticator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** stats-service's API callers: the clients configured under {@code ossnet.stats.clients}. */
@Configuration(proxyBeanMethods = false)
class ConfiguredCallers {

    @Bean
    TokenAuthenticator configuredClients(StatsProperties properties) {
        return ConfiguredClients.of("ossnet.stats.clients", properties.clients());
    }
}
