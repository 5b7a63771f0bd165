package org.ossnet.announce.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import java.time.Duration;
import org.ossnet.announce.AnnounceConfig;
import org.ossnet.announce.AnnounceEngine;
import org.ossnet.announce.AnnounceMetrics;
import org.ossnet.announce.CompletionListener;
import org.ossnet.announce.SwarmRegistry;
import org.ossnet.announce.listener.AnnounceListener;
import org.ossnet.announce.listener.ListenerConfig;
import org.ossnet.announce.membership.RemoteMembers;
import org.ossnet.announce.peeraddress.TrustedProxies;
import org.ossnet.announce.peerhandoutpolicy.HandoutPolicy;
import org.ossnet.announce.peerstore.InMemoryPeerStore;
import org.ossnet.announce.peerstore.PeerStore;
import org.ossnet.announce.protocol.QueryLimits;
import org.ossnet.announce.region.RegionalHandout;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.SchedulingConfigurer;

/**
 * Builds the announce engine and serves it: {@code /announce}, {@code /scrape} and {@code /announce/batch} on the
 * main port, the dedicated listener, its health component and the sweep of expired peers.
 *
 * <p>The service supplies what differs between trackers: an {@link AnnounceProperties} bean (where its keys live)
 * and a {@link SwarmRegistry} bean (which swarms exist). Without both nothing here is built, so depending on the
 * library alone changes no other application. A {@link CompletionListener} bean is optional: it hears of every
 * {@code completed} announce in a known swarm. So is a {@link HandoutPolicy} bean: without one, the hand-out is a
 * {@link RegionalHandout}, to which the service gives its regions and costs. The peer sweep needs {@code @EnableScheduling} in the service.
 */
@AutoConfiguration
@ConditionalOnBean({AnnounceProperties.class, SwarmRegistry.class})
public class AnnounceAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    AnnounceConfig announceConfig(AnnounceProperties properties) {
        return new AnnounceConfig(
                properties.interval(),
                properties.minInterval(),
                properties.jitter(),
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
    @ConditionalOnMissingBean(PeerStore.class)
    InMemoryPeerStore peerStore(AnnounceConfig config) {
        return new InMemoryPeerStore(
                config.maxSwarms(),
                config.maxPeersPerSwarm(),
                config.peerExpiry(),
                () -> System.nanoTime() / 1_000_000);
    }

    /**
     * The hand-out by region ({@link AnnounceProperties#handout()}), random until the service gives it regions, unless
     * the service has a policy of its own.
     */
    @Bean
    @ConditionalOnMissingBean(HandoutPolicy.class)
    RegionalHandout regionalHandout(MeterRegistry meters, PeerStore store, AnnounceProperties properties) {
        AnnounceProperties.Handout handout = properties.handout();
        return new RegionalHandout(
                meters,
                store instanceof InMemoryPeerStore memory ? memory : null,
                handout.config(),
                handout.mode() == AnnounceProperties.Handout.Mode.REGIONAL);
    }

    /** Peers of other regions' trackers, kept in the store beside the service's own (the membership exchange). */
    @Bean
    @ConditionalOnMissingBean
    RemoteMembers remoteMembers(PeerStore store) {
        return new RemoteMembers(store);
    }

    /** The engine; it tells the service's {@link CompletionListener} bean of completions, if there is one. */
    @Bean
    AnnounceEngine announceEngine(
            AnnounceConfig config,
            SwarmRegistry swarms,
            PeerStore store,
            HandoutPolicy policy,
            MeterRegistry meters,
            ObjectProvider<CompletionListener> completions) {
        return new AnnounceEngine(
                config,
                swarms,
                store,
                policy,
                new AnnounceMetrics(meters, store),
                completions.getIfAvailable(() -> CompletionListener.NONE));
    }

    @Bean
    ServletRegistrationBean<AnnounceServlet> announceServlet(
            AnnounceEngine engine, AnnounceConfig config, AnnounceProperties properties) {
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

    /** The dedicated announce listener, unless {@link AnnounceProperties.Listener#enabled()} is false. */
    @Bean
    AnnounceListenerLifecycle announceListener(
            AnnounceEngine engine, AnnounceProperties properties, MeterRegistry meters) {
        AnnounceProperties.Listener settings = properties.listener();
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
                        settings.idleTimeout(),
                        settings.sockets()),
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

    /** Sweeps expired peers in the background, every tenth of the interval and at least once a minute. */
    @Bean
    SchedulingConfigurer announcePeerSweep(PeerStore store, AnnounceConfig config) {
        Duration sweep = config.interval().dividedBy(10);
        return registrar -> registrar.addFixedDelayTask(
                store::sweep, sweep.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : sweep);
    }
}
