package org.ossnet.region.system;

import org.ossnet.announce.spring.AnnounceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the announce-spring library needs from region-service: its settings ({@code ossnet.region.announce.*}); the
 * swarms are {@link org.ossnet.region.replication.ReplicatedSwarms}, and the library's hand-out by region is kept on
 * the installed authority's costs by {@link org.ossnet.region.authority.RegionCostsRefresh}.
 */
@Configuration(proxyBeanMethods = false)
class AnnounceConfiguration {

    @Bean
    AnnounceProperties announceProperties(RegionProperties properties) {
        return properties.announce();
    }
}
