package org.ossnet.announce;

import java.time.Duration;
import org.ossnet.announce.protocol.QueryLimits;

/**
 * Settings of the announce engine. A service binds its own properties and builds one of these.
 *
 * @param interval how long a peer should wait between announces ({@code interval})
 * @param minInterval the shortest wait allowed ({@code min interval})
 * @param jitter each reply's interval is {@code interval} plus or minus up to this, so peers that
 *     started together do not keep announcing together; less than {@code interval}
 * @param defaultNumwant peers handed out when an announce does not say {@code numwant}
 * @param maxNumwant the most peers handed out per announce, whatever it asks for
 * @param maxPeersPerSwarm the most peers recorded per swarm
 * @param maxSwarms the most swarms held in memory
 * @param limits limits on queries, scrapes and batch announces
 */
public record AnnounceConfig(
        Duration interval,
        Duration minInterval,
        Duration jitter,
        int defaultNumwant,
        int maxNumwant,
        int maxPeersPerSwarm,
        int maxSwarms,
        QueryLimits limits) {

    /** Default of {@code interval}. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(30);

    /** Default of {@code minInterval}. */
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofMinutes(5);

    /** Default of {@code jitter}. */
    public static final Duration DEFAULT_JITTER = Duration.ofMinutes(3);

    /** Default of {@code defaultNumwant}, as BEP 3 suggests. */
    public static final int DEFAULT_NUMWANT = 50;

    /** Default of {@code maxNumwant}. */
    public static final int DEFAULT_MAX_NUMWANT = 200;

    /** Default of {@code maxPeersPerSwarm}. */
    public static final int DEFAULT_MAX_PEERS_PER_SWARM = 50_000;

    /** Default of {@code maxSwarms}. */
    public static final int DEFAULT_MAX_SWARMS = 1_000_000;

    /** Every default. */
    public static final AnnounceConfig DEFAULTS = new AnnounceConfig(
            DEFAULT_INTERVAL,
            DEFAULT_MIN_INTERVAL,
            DEFAULT_JITTER,
            DEFAULT_NUMWANT,
            DEFAULT_MAX_NUMWANT,
            DEFAULT_MAX_PEERS_PER_SWARM,
            DEFAULT_MAX_SWARMS,
            QueryLimits.DEFAULTS);

    public AnnounceConfig {
        if (!minInterval.isPositive() || interval.compareTo(minInterval) < 0) {
            throw new IllegalArgumentException(
                    "interval " + interval + " must be at least min interval " + minInterval);
        }
        if (jitter.isNegative() || jitter.compareTo(interval) >= 0) {
            throw new IllegalArgumentException("jitter " + jitter + " must be shorter than interval " + interval);
        }
        if (defaultNumwant < 0 || maxNumwant < defaultNumwant || maxPeersPerSwarm < 1 || maxSwarms < 1) {
            throw new IllegalArgumentException("numwant and caps must be positive, default ≤ max");
        }
    }

    /** How long a peer is kept after its last announce: twice the interval. */
    public Duration peerExpiry() {
        return interval.multipliedBy(2);
    }
}
