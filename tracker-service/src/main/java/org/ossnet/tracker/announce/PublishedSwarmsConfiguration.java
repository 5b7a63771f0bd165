package org.ossnet.tracker.announce;

import org.ossnet.announce.spring.AnnounceProperties;
import org.ossnet.tracker.collection.EmbargoGate;
import org.ossnet.tracker.system.TrackerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

/**
 * What the announce-spring library needs from the tracker: which swarms exist ({@link PublishedSwarms}) and its
 * settings, read from the {@code ossnet.tracker.*} keys they have always had.
 */
@Configuration(proxyBeanMethods = false)
class PublishedSwarmsConfiguration {

    @Bean
    PublishedSwarms publishedSwarms(JdbcClient jdbc, EmbargoGate gate) {
        return new PublishedSwarms(jdbc, gate);
    }

    @Bean
    AnnounceProperties announceProperties(TrackerProperties properties) {
        return new AnnounceProperties(
                properties.announceInterval(),
                properties.announceMinInterval(),
                properties.announceJitter(),
                properties.maxNumwant(),
                properties.maxPeersPerSwarm(),
                properties.maxSwarms(),
                properties.maxScrapeHashes(),
                properties.maxBatchSwarms(),
                properties.trustedProxies(),
                properties.announce(),
                properties.regions().announceHandout());
    }

    /** Brings newly published (or newly released) files into the announceable set. */
    @Bean
    SchedulingConfigurer publishedSwarmsRefresh(PublishedSwarms swarms, TrackerProperties properties) {
        return registrar -> registrar.addFixedDelayTask(swarms::refresh, properties.swarmRefresh());
    }
}
