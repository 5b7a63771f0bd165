package org.ossnet.tracker.system;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.ossnet.announce.spring.AnnounceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of tracker-service, bound from {@code ossnet.tracker.*}; docs/CONFIGURATION.md lists them.
 *
 * @param publicUrl the absolute base URL clients reach this tracker at; links in responses are
 *     built from it. Default {@code http://localhost:8080}.
 * @param publisher the publisher authority ({@code host[:port]}) of the names this tracker
 *     serves, as in {@code ossnet://<publisher>/…}. Default: the authority of {@code public-url}.
 * @param bootstrapPublisherToken a publisher API token to register at start-up if it is not known
 *     yet, so a fresh installation can be used at once; only its SHA-256 is stored. A changed value
 *     revokes the token registered before; one an admin revoked stays revoked. Secret: pass
 *     it through the environment ({@code OSSNET_TRACKER_BOOTSTRAP_PUBLISHER_TOKEN}). Default: none.
 * @param bootstrapAdminToken the same for an {@code admin} token (the service's administration: log levels, and the
 *     tokens of {@code /api/v1/tokens}): the first admin token, since only an admin issues others. Secret
 *     ({@code OSSNET_TRACKER_BOOTSTRAP_ADMIN_TOKEN}). Default: none.
 * @param bootstrapReportToken the same for a {@code report} token: a mirror, proxy or test reporter that delivers
 *     download events to {@code POST /api/v1/events} under the larger rate bound and may report {@code mirror} syncs.
 *     Secret ({@code OSSNET_TRACKER_BOOTSTRAP_REPORT_TOKEN}). Default: none.
 * @param signingUrl the base URL of signing-service. Default {@code http://localhost:8081}.
 * @param signingToken the bearer token this tracker presents to signing-service (role
 *     {@code sign-snapshot}). Secret. Default: none, which makes every publish fail with 503.
 * @param signingTimeout how long a call to signing-service may take before a publish gives up
 *     with 503. Default 10s.
 * @param snapshotValidity how long a new snapshot is valid ({@code expires - created}). Default 7d.
 * @param resignBefore a collection's latest snapshot is re-signed as a new version once less
 *     than this is left before it expires, so clients can tell a frozen mirror from a quiet
 *     collection. Default 3d.
 * @param freshnessInterval how often snapshots are checked for re-signing. Default 1m.
 * @param maxFiles the most files one snapshot may list. Default 250000.
 * @param maxSnapshotSize the largest snapshot document accepted. Default 64MB.
 * @param announceInterval how long peers should wait between announces ({@code interval}). Default 30m.
 * @param announceMinInterval the shortest wait between announces ({@code min interval}). Default 5m.
 * @param announceJitter each announce reply's interval varies by up to this either way, so peers that
 *     started together spread out; shorter than {@code announce-interval}. Default 3m.
 * @param maxNumwant the most peers handed out per announce, whatever {@code numwant} asks. Default 200.
 * @param maxPeersPerSwarm the most peers recorded per swarm; a new peer beyond it is answered but not
 *     recorded. Default 50000.
 * @param maxSwarms the most swarms held in memory; an announce that would add one more is refused.
 *     Default 1000000.
 * @param maxScrapeHashes the most {@code info_hash} parameters one scrape may carry. Default 100.
 * @param maxBatchSwarms the most swarms one batch announce may carry. Default 1000.
 * @param trustedProxies CIDR prefixes of reverse proxies whose {@code X-Forwarded-For} is believed for
 *     the peer's address; otherwise the socket's address counts. Default: none.
 * @param swarmRefresh how often the set of announceable swarms (files of public snapshots) is brought
 *     up to date from the database. Default 500ms.
 * @param announce the dedicated announce listener ({@code ossnet.tracker.announce.*}).
 * @param feedPollInterval how often snapshots whose embargo has passed enter the snapshot feed, and waiting feed
 *     requests look for events another replica committed (this one wakes them at once). Default 1s.
 * @param feedPageSize the most events one snapshot feed answer carries. Default 500.
 * @param mirrors how mirrors' holdings are checked ({@code ossnet.tracker.mirrors.*}).
 * @param stats download statistics: what reporters may send and the forwarding to stats-service
 *     ({@code ossnet.tracker.stats.*}).
 * @param regions the region authorities issued for delegated regions ({@code ossnet.tracker.regions.*}).
 * @param credentials the mirror CA certificate and revocation list relayed from signing-service
 *     ({@code ossnet.tracker.credentials.*}).
 */
@ConfigurationProperties("ossnet.tracker")
public record TrackerProperties(
        @DefaultValue("http://localhost:8080") URI publicUrl,
        String publisher,
        String bootstrapPublisherToken,
        String bootstrapAdminToken,
        String bootstrapReportToken,
        @DefaultValue("http://localhost:8081") URI signingUrl,
        String signingToken,
        @DefaultValue("10s") Duration signingTimeout,
        @DefaultValue("7d") Duration snapshotValidity,
        @DefaultValue("3d") Duration resignBefore,
        @DefaultValue("1m") Duration freshnessInterval,
        @DefaultValue("250000") int maxFiles,
        @DefaultValue("64MB") DataSize maxSnapshotSize,
        @DefaultValue("30m") Duration announceInterval,
        @DefaultValue("5m") Duration announceMinInterval,
        @DefaultValue("3m") Duration announceJitter,
        @DefaultValue("200") int maxNumwant,
        @DefaultValue("50000") int maxPeersPerSwarm,
        @DefaultValue("1000000") int maxSwarms,
        @DefaultValue("100") int maxScrapeHashes,
        @DefaultValue("1000") int maxBatchSwarms,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue("500ms") Duration swarmRefresh,
        // Marked nested, so the configuration processor is told it is a group of properties, not one value:
        // otherwise the metadata lists ossnet.tracker.announce as a single property and none of its settings.
        @NestedConfigurationProperty @DefaultValue AnnounceProperties.Listener announce,
        @DefaultValue("1s") Duration feedPollInterval,
        @DefaultValue("500") int feedPageSize,
        @NestedConfigurationProperty @DefaultValue Mirrors mirrors,
        @NestedConfigurationProperty @DefaultValue Stats stats,
        @NestedConfigurationProperty @DefaultValue Regions regions,
        @NestedConfigurationProperty @DefaultValue Credentials credentials) {

    /**
     * The tracker's copies of the mirror CA certificate and of the revocation list, both from signing-service.
     *
     * @param revocationRefresh how often the revocation list is fetched, verified with the publisher keys and, when
     *     newer, taken as the one served; well under the list's validity (signing-service's
     *     {@code mirrors.revocation-list-validity}, 5 minutes by default), so a fetch that fails now and then never
     *     lets it expire. A revocation made through this tracker is fetched at once. Default 15s.
     * @param caRefresh how often the mirror CA certificate is fetched again. Default 5m.
     * @param signatureWindow how far a signed request's timestamp may lie from this tracker's clock, either way;
     *     its nonce is remembered that long, so the request cannot be replayed. Default 60s.
     * @param maxRememberedSignatures the most nonces of signed requests held at once (about 100 bytes each); past it
     *     signed requests are refused until older ones leave the window. Default 200000.
     */
    public record Credentials(
            @DefaultValue("15s") Duration revocationRefresh,
            @DefaultValue("5m") Duration caRefresh,
            @DefaultValue("60s") Duration signatureWindow,
            @DefaultValue("200000") int maxRememberedSignatures) {

        public Credentials {
            if (revocationRefresh.isNegative()
                    || revocationRefresh.isZero()
                    || caRefresh.isNegative()
                    || caRefresh.isZero()
                    || signatureWindow.isNegative()
                    || signatureWindow.isZero()
                    || maxRememberedSignatures < 1) {
                throw new IllegalArgumentException("ossnet.tracker.credentials: revocation-refresh, ca-refresh,"
                        + " signature-window and max-remembered-signatures must be positive");
            }
        }
    }

    /**
     * The region authorities the tracker issues for delegated regions.
     *
     * @param authorityValidity how long a new authority is valid ({@code expires - issued}): how long a regional
     *     tracker and its clients go on without the master. Default 7d.
     * @param reissueBefore an authority is issued again once less than this is left of the newest. Default 3d.
     * @param checkInterval how often delegated regions are checked for an authority to issue, and the hand-out
     *     brought up to date with changes made through another replica (both also done at once after every change of
     *     regions, costs or delegations). Default 1m.
     * @param enoughLocalSeeds a leecher whose region has fewer seeds than this among those the hand-out looks at is
     *     given a share of seeds from other regions (0 turns this off). Default 4.
     * @param outsideSeedShare that share, of the peers it asked for (at least one). Default 0.25.
     * @param handout {@code regional} (the rule above) or {@code random}, which ignores regions: the baseline the
     *     region tests and benches compare against. Default regional.
     */
    public record Regions(
            @DefaultValue("7d") Duration authorityValidity,
            @DefaultValue("3d") Duration reissueBefore,
            @DefaultValue("1m") Duration checkInterval,
            @DefaultValue("4") int enoughLocalSeeds,
            @DefaultValue("0.25") double outsideSeedShare,
            @DefaultValue("regional") AnnounceProperties.Handout.Mode handout) {

        /** The hand-out's settings, for the announce library. */
        public AnnounceProperties.Handout announceHandout() {
            return new AnnounceProperties.Handout(handout, enoughLocalSeeds, outsideSeedShare);
        }

        public Regions {
            if (!reissueBefore.minus(authorityValidity).isNegative() || reissueBefore.isNegative()) {
                throw new IllegalArgumentException("ossnet.tracker.regions.reissue-before (" + reissueBefore
                        + ") must be shorter than authority-validity (" + authorityValidity + ")");
            }
        }
    }

    /**
     * How the tracker checks what mirrors claim to hold.
     *
     * @param checkTimeout the longest one fetch of a check may take, from connecting to the last byte. Default 10s.
     * @param checkFiles how many of the files that changed in the claimed version (and the mirror carries) a check
     *     fetches besides the snapshot document, smallest first. Default 3.
     * @param checkMaxFileSize changed files larger than this are not fetched by checks. Default 256MB.
     * @param checkConcurrency the most checks running at once. Default 4.
     * @param maxFailures after this many failed checks in a row a mirror is delisted entirely until one passes.
     *     Default 3.
     * @param allowPrivateAddresses whether mirrors may be registered and checked at loopback, private, link-local or
     *     unique-local addresses. Default false: anyone may register a mirror, and the tracker must not be made to
     *     fetch from its own network. The local network and tests set it.
     */
    public record Mirrors(
            @DefaultValue("10s") Duration checkTimeout,
            @DefaultValue("3") int checkFiles,
            @DefaultValue("256MB") DataSize checkMaxFileSize,
            @DefaultValue("4") int checkConcurrency,
            @DefaultValue("3") int maxFailures,
            @DefaultValue("false") boolean allowPrivateAddresses) {

        public Mirrors {
            if (checkFiles < 0 || checkConcurrency < 1 || maxFailures < 1) {
                throw new IllegalArgumentException("ossnet.tracker.mirrors: check-files must be at least 0,"
                        + " check-concurrency and max-failures at least 1");
            }
        }
    }

    /**
     * Download statistics: events reporters send to {@code POST /api/v1/events}, completed announces, and the outbox
     * that forwards both to stats-service.
     *
     * @param url the base URL of stats-service. Default: none, which turns statistics off: the events endpoint
     *     answers 503, completed announces are not counted and nothing is forwarded.
     * @param token the bearer token this tracker presents to stats-service (role {@code ingest}). Secret
     *     ({@code OSSNET_TRACKER_STATS_TOKEN}). Default: none.
     * @param connectTimeout the longest a connection to stats-service may take to open. Default 5s.
     * @param readTimeout the longest one delivery may take, from sending to the receipt. Default 30s.
     * @param batchSize the most events one delivery carries; at most stats-service's {@code max-batch-events}.
     *     Default 2000.
     * @param deliveries the most deliveries this replica has in flight to stats-service at once, each with rows of
     *     its own. One alone leaves stats-service and both databases idle while each waits on the others, and falls
     *     behind a busy intake. Default 3.
     * @param forwardInterval how often the outbox is looked at even when nothing new was queued here (rows another
     *     replica queued, a retry that is due). Default 5s.
     * @param retryMin the wait after the first failed delivery; it doubles with every failure in a row. Default 1s.
     * @param retryMax the longest wait between deliveries while stats-service keeps failing. Default 5m.
     * @param lagWarning the health detail says {@code lagging} once the oldest queued event is older than this.
     *     Default 10m.
     * @param maxBatchEvents the most events one request to {@code POST /api/v1/events} may carry. Default 1000.
     * @param maxClockSkew how far in the future a reported {@code completedAt} may be, as stats-service allows.
     *     Default 5m.
     * @param retention events that completed longer ago than this are refused, as stats-service does. Default 400d.
     * @param anonymousBurst the token bucket of reporters without a token, per source address prefix: the most
     *     events at once, and the largest batch they may send. Default 1000.
     * @param anonymousPerHour the events such a bucket regains per hour. Default 1000.
     * @param reporterBurst the same for callers holding a {@code report} or {@code mirror} token. Default 100000.
     * @param reporterPerHour the events such a bucket regains per hour. Default 100000.
     * @param maxSources the most source prefixes whose buckets are held in memory; the least recently seen is
     *     forgotten beyond it (and starts again with a full bucket). Default 100000.
     * @param completionQueue the most completed announces waiting to be written to the outbox; more are dropped
     *     and counted. Default 10000.
     * @param outboxVacuumInterval the least time between two vacuums of the outbox by the forwarder after it deleted
     *     delivered rows; between autovacuum's visits a busy outbox otherwise grows by every batch it forwarded.
     *     {@code 0s} leaves it to autovacuum. Default 1s.
     */
    public record Stats(
            URI url,
            String token,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("30s") Duration readTimeout,
            @DefaultValue("2000") int batchSize,
            @DefaultValue("3") int deliveries,
            @DefaultValue("5s") Duration forwardInterval,
            @DefaultValue("1s") Duration retryMin,
            @DefaultValue("5m") Duration retryMax,
            @DefaultValue("10m") Duration lagWarning,
            @DefaultValue("1000") int maxBatchEvents,
            @DefaultValue("5m") Duration maxClockSkew,
            @DefaultValue("400d") Duration retention,
            @DefaultValue("1000") int anonymousBurst,
            @DefaultValue("1000") int anonymousPerHour,
            @DefaultValue("100000") int reporterBurst,
            @DefaultValue("100000") int reporterPerHour,
            @DefaultValue("100000") int maxSources,
            @DefaultValue("10000") int completionQueue,
            @DefaultValue("1s") Duration outboxVacuumInterval) {

        public Stats {
            // Built once here to check them; the accessors are not usable yet in a compact constructor.
            new RateBound(anonymousBurst, anonymousPerHour);
            new RateBound(reporterBurst, reporterPerHour);
            if (batchSize < 1 || deliveries < 1 || maxBatchEvents < 1 || maxSources < 1 || completionQueue < 1) {
                throw new IllegalArgumentException("ossnet.tracker.stats: batch-size, deliveries, max-batch-events,"
                        + " max-sources and completion-queue must be at least 1");
            }
            if (retryMin.isNegative() || retryMin.isZero() || retryMax.compareTo(retryMin) < 0) {
                throw new IllegalArgumentException(
                        "ossnet.tracker.stats: retry-min must be positive and retry-max at least retry-min");
            }
            if (outboxVacuumInterval.isNegative()) {
                throw new IllegalArgumentException("ossnet.tracker.stats: outbox-vacuum-interval must not be negative");
            }
        }

        /** The rate bound of reporters without a token. */
        public RateBound anonymous() {
            return new RateBound(anonymousBurst, anonymousPerHour);
        }

        /** The rate bound of callers holding a {@code report} or {@code mirror} token. */
        public RateBound reporter() {
            return new RateBound(reporterBurst, reporterPerHour);
        }

        /** Whether statistics are on: a stats-service URL is configured. */
        public boolean enabled() {
            return url != null;
        }

        @Override
        public String toString() {
            return "Stats[url=" + url + ", token=" + (token == null ? "none" : "(set)") + "]";
        }
    }

    /**
     * A token bucket: a source may send {@code burst} events at once, and {@code perHour} more every hour after, so
     * over any time t it adds at most {@code burst + perHour * t} events.
     *
     * @param burst the bucket's size: the most events at once, and the largest batch such a caller may send
     * @param perHour the events the bucket regains per hour
     */
    public record RateBound(int burst, int perHour) {

        public RateBound {
            if (burst < 1 || perHour < 1) {
                throw new IllegalArgumentException(
                        "ossnet.tracker.stats rate bounds: burst and per-hour must be at" + " least 1");
            }
        }
    }

    public TrackerProperties {
        if (feedPageSize < 1) {
            throw new IllegalArgumentException("ossnet.tracker.feed-page-size must be at least 1");
        }
        if (!resignBefore.minus(snapshotValidity).isNegative()) {
            throw new IllegalArgumentException("ossnet.tracker.resign-before (" + resignBefore
                    + ") must be shorter than ossnet.tracker.snapshot-validity (" + snapshotValidity + ")");
        }
    }

    /** The publisher authority, defaulting to that of the public URL. */
    public String publisherAuthority() {
        if (publisher != null && !publisher.isBlank()) {
            return publisher;
        }
        return publicUrl.getPort() < 0 ? publicUrl.getHost() : publicUrl.getHost() + ":" + publicUrl.getPort();
    }

    /**
     * The announce URL handed out in discovery, torrents and magnets: the listener's when it is
     * enabled, otherwise {@code /announce} on the main port.
     */
    public URI announceUrl() {
        if (!announce.enabled()) {
            return link("/announce");
        }
        if (announce.publicUrl() != null) {
            return announce.publicUrl();
        }
        // URI.getHost() keeps the brackets of an IPv6 literal, so this is a valid authority as it is.
        return URI.create("http://" + publicUrl.getHost() + ":" + announce.port() + "/announce");
    }

    /** An absolute URL on this tracker for an already encoded path that starts with {@code /}. */
    public URI link(String encodedPath) {
        String base = publicUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + encodedPath);
    }

    @Override
    public String toString() {
        // Tokens are secrets: never print them, even in a debug dump of the configuration.
        return "TrackerProperties[publicUrl=" + publicUrl + ", publisher=" + publisherAuthority() + ", signingUrl="
                + signingUrl + ", bootstrapPublisherToken=" + (bootstrapPublisherToken == null ? "none" : "(set)")
                + ", bootstrapAdminToken=" + (bootstrapAdminToken == null ? "none" : "(set)")
                + ", bootstrapReportToken=" + (bootstrapReportToken == null ? "none" : "(set)")
                + ", signingToken=" + (signingToken == null ? "none" : "(set)") + ", stats=" + stats + "]";
    }
}
