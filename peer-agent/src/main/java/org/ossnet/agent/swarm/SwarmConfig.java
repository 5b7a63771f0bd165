package org.ossnet.agent.swarm;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;
import org.ossnet.agent.ban.BanPolicy;
import org.ossnet.agent.net.SourceAddress;
import org.ossnet.agent.ratelimit.AddressPolicy;
import org.ossnet.agent.ratelimit.TokenBucket;
import org.ossnet.core.torrent.PeerId;

/**
 * How a {@link TorrentSession} behaves; {@link #defaults(PeerId)} gives the values for {@code ossnet get}.
 *
 * @param peerId this agent's peer id, sent in every handshake
 * @param maxConnections the most peers connected at once; default 50. When all are taken a newcomer displaces one
 *     that has moved no block for a choke interval, or is refused (see {@link Admission})
 * @param maxConnectionsPerAddress an address's share of the connections (an IPv6 /64 counts as one address); default
 *     4, not 1, because users behind one NAT share an address. Beyond it, an address's connections only use free slots,
 *     are displaced first, and cannot displace anybody
 * @param requestQueueDepth how many block requests are kept outstanding at each unchoking peer; default 64
 * @param maxQueuedUploads how many requests of one peer may wait to be served; more are rejected; default 250
 * @param uploadEnabled whether anything is ever uploaded; off by default for {@code get}
 * @param uploadPolicy which peer addresses may receive uploads when they are enabled; default nobody
 * @param uploadRate the upload cap of the whole session in bytes per second; default {@link TokenBucket#UNLIMITED}
 * @param perPeerUploadRate the upload cap of each connection in bytes per second; default unlimited
 * @param downloadRate the download cap of the whole session in bytes per second; default unlimited
 * @param unchokeSlots how many peers are unchoked by rate (or in turn when seeding), plus one optimistic; default 4
 * @param chokeInterval how often unchokes are reconsidered; default 10 s
 * @param optimisticInterval how often the optimistic unchoke moves on; default 30 s
 * @param keepAliveInterval how long a connection may stay silent before a keep-alive is sent; default 2 min
 * @param idleTimeout how long a peer may send nothing before it is dropped; default 3 min
 * @param connectTimeout how long a dial may take; default 10 s
 * @param tick how often idle pipelines are refilled, rates measured and timeouts checked; default 1 s
 * @param banPolicy the trust-point limits; default {@link BanPolicy#DEFAULT}
 * @param banWholeAddress whether a ban covers the peer's whole IP address, as libtorrent does (default), or only that
 *     address with that peer id; tests on loopback turn it off, where every peer shares 127.0.0.1
 * @param webSeedConnections how many HTTP requests run at once against each web seed URL (BEP 19); default 1, as
 *     aria2c and libtorrent use one connection per web seed
 * @param webSeedTimeout how long a web seed's response may take to arrive in full, headers and body; default 30 s, or
 *     longer for a run of more than 480 KiB, which gets as long as it takes at 16 KiB/s ({@code WebSeedHttp.MIN_RATE})
 * @param webSeedRetryDelay the first back-off after a web seed error (429, 5xx, timeout, refused connection); it
 *     doubles with each further error up to 10 minutes, and a {@code Retry-After} overrides it; default 10 s
 * @param superSeeding whether a session that starts as a seed shows each peer only a few pieces at a time, least shown
 *     first (BEP 16-like super-seeding), so it sends each piece about once before any twice; default off, on for the
 *     origin ({@code ossnet seed})
 * @param originFallback how long the session must have received nothing from peers or mirrors before it takes blocks
 *     from the origin's web seed (the {@code url-list} entry the tracker names as the publisher's origin); zero
 *     (default, {@code ossnet get}) uses the origin like any web seed. A mirror waits, so that a release spreads among
 *     mirrors from the origin's one super-seeded copy and the origin's HTTP server serves only what the swarm cannot
 * @param sharedRates buckets for {@code uploadRate} and {@code downloadRate} that every session made from this
 *     configuration shares, or {@code null} (default) for a pair of its own per session; see {@link #withSharedRates()}
 * @param origin whether the sessions are the publisher's origin for their swarms, which they say in their extended
 *     handshake ({@code ossnet_origin}) so that downloaders count the bytes they send as the origin's, not a peer's;
 *     default off, on for {@code ossnet seed} serving the tree its torrents name as their web seed
 * @param source the local address outgoing peer connections and web seed requests bind to; default {@link
 *     SourceAddress#ANY}, the kernel's choice
 * @param traffic where every session made from this configuration counts its bytes per remote address, or {@code
 *     null} (default) for a count of its own per session; see {@link #withTraffic(PeerTraffic)}
 * @param near which peer addresses are in this agent's cost region (the prefixes of the region authority it follows);
 *     while such a peer serves us, the pieces it has are not asked of farther peers (see {@link
 *     org.ossnet.agent.picker.PiecePicker#near}); default none
 */
public record SwarmConfig(
        PeerId peerId,
        int maxConnections,
        int maxConnectionsPerAddress,
        int requestQueueDepth,
        int maxQueuedUploads,
        boolean uploadEnabled,
        AddressPolicy uploadPolicy,
        long uploadRate,
        long perPeerUploadRate,
        long downloadRate,
        int unchokeSlots,
        Duration chokeInterval,
        Duration optimisticInterval,
        Duration keepAliveInterval,
        Duration idleTimeout,
        Duration connectTimeout,
        Duration tick,
        BanPolicy banPolicy,
        boolean banWholeAddress,
        int webSeedConnections,
        Duration webSeedTimeout,
        Duration webSeedRetryDelay,
        boolean superSeeding,
        Duration originFallback,
        RateLimits sharedRates,
        boolean origin,
        SourceAddress source,
        PeerTraffic traffic,
        Predicate<InetAddress> near) {

    public SwarmConfig {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(uploadPolicy, "uploadPolicy");
        Objects.requireNonNull(webSeedTimeout, "webSeedTimeout");
        Objects.requireNonNull(webSeedRetryDelay, "webSeedRetryDelay");
        Objects.requireNonNull(originFallback, "originFallback");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(near, "near");
        if (originFallback.isNegative()) {
            throw new IllegalArgumentException("originFallback must not be negative");
        }
        if (maxConnections < 1
                || maxConnectionsPerAddress < 1
                || requestQueueDepth < 1
                || maxQueuedUploads < 1
                || unchokeSlots < 1
                || webSeedConnections < 1) {
            throw new IllegalArgumentException("connection, queue and slot counts must be positive");
        }
        if (uploadRate < 1 || perPeerUploadRate < 1 || downloadRate < 1) {
            throw new IllegalArgumentException("rates must be positive (TokenBucket.UNLIMITED for no cap)");
        }
    }

    /** The defaults of {@code ossnet get}: upload off, no caps, the timings of mainstream clients. */
    public static SwarmConfig defaults(PeerId peerId) {
        return new SwarmConfig(
                peerId,
                50,
                4,
                64,
                250,
                false,
                AddressPolicy.nobody(),
                TokenBucket.UNLIMITED,
                TokenBucket.UNLIMITED,
                TokenBucket.UNLIMITED,
                4,
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofMinutes(2),
                Duration.ofMinutes(3),
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                BanPolicy.DEFAULT,
                true,
                1,
                Duration.ofSeconds(30),
                Duration.ofSeconds(10),
                false,
                Duration.ZERO,
                null,
                false,
                SourceAddress.ANY,
                null,
                address -> false);
    }

    /** This configuration with upload on, to the addresses {@code policy} allows. */
    public SwarmConfig withUpload(AddressPolicy policy) {
        Copy copy = new Copy(this);
        copy.uploadEnabled = true;
        copy.uploadPolicy = policy;
        return copy.build();
    }

    /** This configuration with another session upload cap (no longer shared, see {@link #withSharedRates()}). */
    public SwarmConfig withUploadRate(long bytesPerSecond) {
        Copy copy = new Copy(this);
        copy.uploadRate = bytesPerSecond;
        copy.sharedRates = null;
        return copy.build();
    }

    /** This configuration with another session download cap (no longer shared, see {@link #withSharedRates()}). */
    public SwarmConfig withDownloadRate(long bytesPerSecond) {
        Copy copy = new Copy(this);
        copy.downloadRate = bytesPerSecond;
        copy.sharedRates = null;
        return copy.build();
    }

    /**
     * This configuration with one upload bucket and one download throttle, at {@code uploadRate} and
     * {@code downloadRate}, for all the sessions made from it, so the caps hold over all of them together.
     */
    public SwarmConfig withSharedRates() {
        Copy copy = new Copy(this);
        copy.sharedRates = RateLimits.of(uploadRate, downloadRate);
        return copy.build();
    }

    /** This configuration for sessions that are the publisher's origin for their swarms, and say so. */
    public SwarmConfig withOrigin() {
        Copy copy = new Copy(this);
        copy.origin = true;
        return copy.build();
    }

    /** This configuration with outgoing peer connections and web seed requests bound to {@code source}. */
    public SwarmConfig withSource(SourceAddress source) {
        Copy copy = new Copy(this);
        copy.source = source;
        return copy.build();
    }

    /**
     * This configuration counting the bytes of all the sessions made from it in {@code traffic}, so the figures per
     * remote address cover the whole command.
     */
    public SwarmConfig withTraffic(PeerTraffic traffic) {
        Copy copy = new Copy(this);
        copy.traffic = traffic;
        return copy.build();
    }

    /** This configuration preferring the peers whose addresses {@code near} accepts: those of this agent's region. */
    public SwarmConfig withNear(Predicate<InetAddress> near) {
        Copy copy = new Copy(this);
        copy.near = near;
        return copy.build();
    }

    /** This configuration with super-seeding on for sessions that start as seeds. */
    public SwarmConfig withSuperSeeding() {
        Copy copy = new Copy(this);
        copy.superSeeding = true;
        return copy.build();
    }

    /** This configuration holding the origin's web seed back until peers and mirrors gave nothing for {@code after}. */
    public SwarmConfig withOriginFallback(Duration after) {
        Copy copy = new Copy(this);
        copy.originFallback = after;
        return copy.build();
    }

    /** This configuration sending a keep-alive after {@code interval} with nothing else to send. */
    public SwarmConfig withKeepAliveInterval(Duration interval) {
        Copy copy = new Copy(this);
        copy.keepAliveInterval = interval;
        return copy.build();
    }

    /** This configuration with other choking and housekeeping intervals. */
    public SwarmConfig withTimings(Duration tick, Duration chokeInterval, Duration optimisticInterval) {
        Copy copy = new Copy(this);
        copy.tick = tick;
        copy.chokeInterval = chokeInterval;
        copy.optimisticInterval = optimisticInterval;
        return copy.build();
    }

    /** This configuration banning by address and peer id rather than by whole address. */
    public SwarmConfig withBanByPeerId() {
        Copy copy = new Copy(this);
        copy.banWholeAddress = false;
        return copy.build();
    }

    /** This configuration with another connection limit and per-address share. */
    public SwarmConfig withConnectionLimits(int maxConnections, int maxConnectionsPerAddress) {
        Copy copy = new Copy(this);
        copy.maxConnections = maxConnections;
        copy.maxConnectionsPerAddress = maxConnectionsPerAddress;
        return copy.build();
    }

    /** This configuration with other web seed limits. */
    public SwarmConfig withWebSeeds(int connections, Duration timeout, Duration retryDelay) {
        Copy copy = new Copy(this);
        copy.webSeedConnections = connections;
        copy.webSeedTimeout = timeout;
        copy.webSeedRetryDelay = retryDelay;
        return copy.build();
    }

    /** A mutable copy the withers change one or two fields of, so none repeats the whole field list. */
    private static final class Copy {
        private PeerId peerId;
        private int maxConnections;
        private int maxConnectionsPerAddress;
        private int requestQueueDepth;
        private int maxQueuedUploads;
        private boolean uploadEnabled;
        private AddressPolicy uploadPolicy;
        private long uploadRate;
        private long perPeerUploadRate;
        private long downloadRate;
        private int unchokeSlots;
        private Duration chokeInterval;
        private Duration optimisticInterval;
        private Duration keepAliveInterval;
        private Duration idleTimeout;
        private Duration connectTimeout;
        private Duration tick;
        private BanPolicy banPolicy;
        private boolean banWholeAddress;
        private int webSeedConnections;
        private Duration webSeedTimeout;
        private Duration webSeedRetryDelay;
        private boolean superSeeding;
        private Duration originFallback;
        private RateLimits sharedRates;
        private boolean origin;
        private SourceAddress source;
        private PeerTraffic traffic;
        private Predicate<InetAddress> near;

        Copy(SwarmConfig from) {
            peerId = from.peerId;
            maxConnections = from.maxConnections;
            maxConnectionsPerAddress = from.maxConnectionsPerAddress;
            requestQueueDepth = from.requestQueueDepth;
            maxQueuedUploads = from.maxQueuedUploads;
            uploadEnabled = from.uploadEnabled;
            uploadPolicy = from.uploadPolicy;
            uploadRate = from.uploadRate;
            perPeerUploadRate = from.perPeerUploadRate;
            downloadRate = from.downloadRate;
            unchokeSlots = from.unchokeSlots;
            chokeInterval = from.chokeInterval;
            optimisticInterval = from.optimisticInterval;
            keepAliveInterval = from.keepAliveInterval;
            idleTimeout = from.idleTimeout;
            connectTimeout = from.connectTimeout;
            tick = from.tick;
            banPolicy = from.banPolicy;
            banWholeAddress = from.banWholeAddress;
            webSeedConnections = from.webSeedConnections;
            webSeedTimeout = from.webSeedTimeout;
            webSeedRetryDelay = from.webSeedRetryDelay;
            superSeeding = from.superSeeding;
            originFallback = from.originFallback;
            sharedRates = from.sharedRates;
            origin = from.origin;
            source = from.source;
            traffic = from.traffic;
            near = from.near;
        }

        SwarmConfig build() {
            return new SwarmConfig(
                    peerId,
                    maxConnections,
                    maxConnectionsPerAddress,
                    requestQueueDepth,
                    maxQueuedUploads,
                    uploadEnabled,
                    uploadPolicy,
                    uploadRate,
                    perPeerUploadRate,
                    downloadRate,
                    unchokeSlots,
                    chokeInterval,
                    optimisticInterval,
                    keepAliveInterval,
                    idleTimeout,
                    connectTimeout,
                    tick,
                    banPolicy,
                    banWholeAddress,
                    webSeedConnections,
                    webSeedTimeout,
                    webSeedRetryDelay,
                    superSeeding,
                    originFallback,
                    sharedRates,
                    origin,
                    source,
                    traffic,
                    near);
        }
    }
}
