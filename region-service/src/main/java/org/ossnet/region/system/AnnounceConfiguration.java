package org.ossnet.region.system;

import io.micrometer.core.instrument.MeterRegistry;
import org.ossnet.announce.membership.RemoteMembers;
import org.ossnet.announce.peerstore.InMemoryPeerStore;
import org.ossnet.announce.peerstore.PeerStore;
import org.ossnet.announce.region.RegionHandoutConfig;
import org.ossnet.announce.region.RegionalHandout;
import org.ossnet.announce.spring.AnnounceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the announce-spring library needs from region-service: its settings ({@code ossnet.region.announce.*}) and the
 * hand-out by region (kept on the installed authority every ten seconds);
 * the swarms are {@link org.ossnet.region.replication.ReplicatedSwarms}.
 */
@Configuration(proxyBeanMethods = false)
class AnnounceConfiguration {

    @Bean
    AnnounceProperties announceProperties(RegionProperties properties) {
        return properties.announce();
    }

    /** Peers the master tells of (other regions'), kept in the announce store. */
    @Bean
    RemoteMembers remoteMembers(PeerStore store) {
        return new RemoteMembers(store);
    }

    @Bean
    RegionalHandout regionalHandout(MeterRegistry meters, PeerStore store, RegionProperties properties) {
        return new RegionalHandout(
                meters,
                store instanceof InMemoryPeerStore memory ? memory : null,
                RegionHandoutConfig.DEFAULTS,
                properties.handout() == RegionProperties.Handout.REGIONAL);
    }
}
