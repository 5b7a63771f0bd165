package org.ossnet.region.system;

import org.ossnet.service.auth.ConfiguredClients;
import org.ossnet.service.auth.TokenAuthenticator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** region-service's API callers: the clients configured under {@code ossnet.region.clients}. */
@Configuration(proxyBeanMethods = false)
class ConfiguredCallers {

    @Bean
    TokenAuthenticator configuredClients(RegionProperties properties) {
        return ConfiguredClients.of("ossnet.region.clients", properties.clients());
    }
}
