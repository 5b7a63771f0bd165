package org.ossnet.tracker.system;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
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
 *     yet, so a fresh installation can be used at once; only its SHA-256 is stored. Secret: pass
 *     it through the environment ({@code OSSNET_TRACKER_BOOTSTRAP_PUBLISHER_TOKEN}). Default: none.
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
 */
@ConfigurationProperties("ossnet.tracker")
public record TrackerProperties(
        @DefaultValue("http://localhost:8080") URI publicUrl,
        String publisher,
        String bootstrapPublisherToken,
        @DefaultValue("http://localhost:8081") URI signingUrl,
        String signingToken,
        @DefaultValue("10s") Duration signingTimeout,
        @DefaultValue("7d") Duration snapshotValidity,
        @DefaultValue("3d") Duration resignBefore,
        @DefaultValue("1m") Duration freshnessInterval,
        @DefaultValue("250000") int maxFiles,
        @DefaultValue("64MB") DataSize maxSnapshotSize) {

    public TrackerProperties {
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
                + ", signingToken=" + (signingToken == null ? "none" : "(set)") + "]";
    }
}
