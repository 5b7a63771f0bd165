package org.ossnet.announce.spring;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.ossnet.announce.listener.ListenerConfig;
import org.ossnet.announce.region.RegionHandoutConfig;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything the announce engine, its servlet and its listener are configured by, in one type. A service supplies it
 * as a bean: tracker-service builds it from {@code ossnet.tracker.*} (keys kept as they were), and a service without
 * older keys can bind it as it is, nested in its own {@code @ConfigurationProperties} (the defaults below are on the
 * components for that). docs/CONFIGURATION.md lists the keys.
 *
 * @param interval how long peers should wait between announces ({@code interval}). Default 30m.
 * @param minInterval the shortest wait between announces ({@code min interval}). Default 5m.
 * @param jitter each reply's interval varies by up to this either way, so peers that started together spread out;
 *     shorter than {@code interval}. Default 3m.
 * @param maxNumwant the most peers handed out per announce, whatever {@code numwant} asks. Default 200.
 * @param maxPeersPerSwarm the most peers recorded per swarm, at most 2097152; a new peer beyond it is answered but
 *     not recorded. Default 50000.
 * @param maxSwarms the most swarms held in memory; an announce that would add one more is refused. Default 1000000.
 * @param maxScrapeHashes the most {@code info_hash} parameters one scrape may carry. Default 100.
 * @param maxBatchSwarms the most swarms one batch announce may carry. Default 1000.
 * @param trustedProxies CIDR prefixes (core's {@code Cidr} syntax) of reverse proxies whose {@code X-Forwarded-For}
 *     is believed. Default none.
 * @param listener the dedicated non-blocking announce listener.
 * @param handout how the peers of a reply are chosen.
 */
public record AnnounceProperties(
        @DefaultValue("30m") Duration interval,
        @DefaultValue("5m") Duration minInterval,
        @DefaultValue("3m") Duration jitter,
        @DefaultValue("200") int maxNumwant,
        @DefaultValue("50000") int maxPeersPerSwarm,
        @DefaultValue("1000000") int maxSwarms,
        @DefaultValue("100") int maxScrapeHashes,
        @DefaultValue("1000") int maxBatchSwarms,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue Listener listener,
        @DefaultValue Handout handout) {

    public AnnounceProperties {
        trustedProxies = List.copyOf(trustedProxies);
    }

    /**
     * How the peers of a reply are chosen, by the regions the service gives the {@link
     * org.ossnet.announce.region.RegionalHandout} bean (see docs/ARCHITECTURE.md, "Region hand-out").
     *
     * @param mode {@code regional}: the requester's own region first, then by ascending cost, with a share of outside
     *     seeds for a region short of its own; or {@code random}, which ignores regions (the baseline the region
     *     tests and benches compare against). Either is random while no regions are known. Default regional.
     * @param enoughLocalSeeds a leecher whose region shows fewer seeds than this among those looked at is given a
     *     share of seeds from other regions (0 turns this off). Default 4.
     * @param outsideSeedShare that share of the peers it asked for (at least one), more than 0 and at most 1. Default
     *     0.25.
     */
    public record Handout(
            @DefaultValue("regional") Mode mode,
            @DefaultValue("4") int enoughLocalSeeds,
            @DefaultValue("0.25") double outsideSeedShare) {

        /** Checks the parameters as the policy will. */
        public Handout {
            Objects.requireNonNull(mode, "mode");
            config(enoughLocalSeeds, outsideSeedShare);
        }

        /** The policy's parameters, with the library's scan window. */
        public RegionHandoutConfig config() {
            return config(enoughLocalSeeds, outsideSeedShare);
        }

        private static RegionHandoutConfig config(int enoughLocalSeeds, double outsideSeedShare) {
            return new RegionHandoutConfig(
                    enoughLocalSeeds,
                    outsideSeedShare,
                    RegionHandoutConfig.DEFAULTS.scanMin(),
                    RegionHandoutConfig.DEFAULTS.scanPerWanted());
        }

        /** The two hand-outs. */
        public enum Mode {
            REGIONAL,
            RANDOM
        }
    }

    /**
     * Settings of the dedicated announce listener.
     *
     * @param enabled whether {@code GET /announce} and {@code GET /scrape} are also served on a port of their own, and
     *     handed out as the announce URL. The servlet on the main port answers either way. Default true.
     * @param bindAddress the address to listen on. Default {@code 0.0.0.0}.
     * @param port the listener's TCP port. Default 6969.
     * @param loops how many listener threads share the connections (1 to 64); one saturates a core. Default 1.
     * @param maxConnections connections beyond this many are closed as soon as they are accepted. Default 10000.
     * @param maxRequestSize the largest request line plus headers; beyond it the request is refused with 414 or 431.
     *     Default 16KB.
     * @param idleTimeout a connection silent this long is closed; a request not complete this long after its first
     *     byte gets 408. Default 15s.
     * @param publicUrl the announce URL put in torrents, magnets and discovery, when clients reach the listener some
     *     other way than {@code http://<host of public-url>:<port>/announce}. Default: that.
     * @param sockets what drives the listener's sockets: {@code auto} (epoll through the foreign-function API where
     *     it is available, else the JDK's), {@code epoll} (refuse to start without it) or {@code nio} (the JDK's).
     *     Default auto.
     */
    public record Listener(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("0.0.0.0") String bindAddress,
            @DefaultValue("6969") int port,
            @DefaultValue("1") int loops,
            @DefaultValue("10000") int maxConnections,
            @DefaultValue("16KB") DataSize maxRequestSize,
            @DefaultValue("15s") Duration idleTimeout,
            URI publicUrl,
            @DefaultValue("auto") ListenerConfig.Sockets sockets) {

        public Listener {
            if (enabled && (port < 1 || port > 65535)) {
                throw new IllegalArgumentException("the announce listener's port " + port + " is not 1-65535");
            }
            if (publicUrl != null && (!publicUrl.isAbsolute() || publicUrl.getHost() == null)) {
                throw new IllegalArgumentException("the announce listener's public-url must be an absolute http URL");
            }
        }
    }
}
