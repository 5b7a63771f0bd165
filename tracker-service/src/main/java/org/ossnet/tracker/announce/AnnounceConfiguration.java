package org.ossnet.tracker.announce;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import java.time.Clock;
import java.time.Duration;
import org.ossnet.announce.AnnounceConfig;
import org.ossnet.announce.AnnounceEngine;
import org.ossnet.announce.AnnounceMetrics;
import org.ossnet.announce.listener.AnnounceListener;
import org.ossnet.announce.listener.ListenerConfig;
import org.ossnet.announce.peeraddress.TrustedProxies;
import org.ossnet.announce.peerhandoutpolicy.DefaultHandoutPolicy;
import org.ossnet.announce.peerstore.InMemoryPeerStore;
import org.ossnet.announce.peerstore.PeerStore;
import org.ossnet.announce.protocol.QueryLimits;
import org.ossnet.tracker.system.AnnounceListenerProperties;
import org.ossnet.tracker.system.TrackerProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

/** Builds the announce engine from {@code ossnet.tracker.*} and maps its endpoints. */
@Configuration(proxyBeanMethods = false)
class AnnounceConfiguration {

    @Bean
    AnnounceConfig announceConfig(TrackerProperties properties) {
        return new AnnounceConfig(
                properties.announceInterval(),
                properties.announceMinInterval(),
                properties.announceJitter(),
                AnnounceConfig.DEFAULT_NUMWANT,
                properties.maxNumwant(),
                properties.maxPeersPerSwarm(),
                properties.maxSwarms(),
                new QueryLimits(
                        QueryLimits.DEFAULT_MAX_QUERY_LENGTH,
                        properties.maxScrapeHashes(),
                        properties.maxBatchSwarms()));
    }

    @Bean
    InMemoryPeerStore peerStore(AnnounceConfig config) {
        return new InMemoryPeerStore(
                config.maxSwarms(),
                config.maxPeersPerSwarm(),
                config.peerExpiry(),
                () -> System.nanoTime() / 1_000_000);
    }

    @Bean
    PublishedSwarms publishedSwarms(JdbcClient jdbc, Clock clock) {
        return new PublishedSwarms(jdbc, clock);
    }

    @Bean
    AnnounceEngine announceEngine(
            AnnounceConfig config, PublishedSwarms swarms, PeerStore store, MeterRegistry meters) {
        return new AnnounceEngine(
                config, swarms, store, new DefaultHandoutPolicy(), new AnnounceMetrics(meters, store));
    }

    @Bean
    ServletRegistrationBean<AnnounceServlet> announceServlet(
            AnnounceEngine engine, AnnounceConfig config, TrackerProperties properties) {
        AnnounceServlet servlet = new AnnounceServlet(
                engine,
                TrustedProxies.parse(properties.trustedProxies()),
                config.limits().maxBatchBytes());
        ServletRegistrationBean<AnnounceServlet> registration = new ServletRegistrationBean<>(
                servlet, ProtocolPaths.ANNOUNCE, ProtocolPaths.SCRAPE, ProtocolPaths.BATCH);
        registration.setName("announce");
        registration.setLoadOnStartup(1);
        return registration;
    }

    /** The dedicated announce listener, unless {@code ossnet.tracker.announce.enabled} is false. */
    @Bean
    AnnounceListenerLifecycle announceListener(
            AnnounceEngine engine, TrackerProperties properties, MeterRegistry meters) {
        AnnounceListenerProperties settings = properties.announce();
        if (!settings.enabled()) {
            return new AnnounceListenerLifecycle(null);
        }
        return new AnnounceListenerLifecycle(new AnnounceListener(
                new ListenerConfig(
                        settings.bindAddress(),
                        settings.port(),
                        settings.loops(),
                        settings.maxConnections(),
                        Math.toIntExact(settings.maxRequestSize().toBytes()),
                        settings.idleTimeout()),
                engine,
                TrustedProxies.parse(properties.trustedProxies()),
                meters));
    }

    /** {@code announceListener} in {@code /actuator/health}; the bean name gives the component's name. */
    @Bean
    AnnounceListenerHealth announceListenerHealthIndicator(AnnounceListenerLifecycle lifecycle) {
        return new AnnounceListenerHealth(lifecycle.listener());
    }

    /** Leaves the BitTorrent endpoints out of {@code http.server.requests}; see {@link ProtocolPaths}. */
    @Bean
    ObservationPredicate skipProtocolRequestObservations() {
        return ProtocolPaths.skipProtocolRequests();
    }

    /** Refreshes the known swarms and sweeps expired peers in the background. */
    @Bean
    SchedulingConfigurer announceJobs(
            PublishedSwarms swarms, PeerStore store, AnnounceConfig config, TrackerProperties properties) {
        Duration sweep = config.interval().dividedBy(10);
        return registrar -> {
            registrar.addFixedDelayTask(swarms::refresh, properties.swarmRefresh());
            registrar.addFixedDelayTask(
                    store::sweep, sweep.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : sweep);
        };
    }
}
