package org.ossnet.region.system;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.ossnet.announce.spring.AnnounceProperties;
import org.ossnet.service.auth.ClientToken;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of region-service, bound from {@code ossnet.region.*}; docs/CONFIGURATION.md lists them.
 *
 * @param publicUrl the absolute base URL clients of the region reach this tracker at. Default
 *     {@code http://localhost:8083}.
 * @param masterUrl the master tracker this regional tracker mirrors metadata from. Default
 *     {@code http://localhost:8080}.
 * @param name the region's name as the publisher's region authority spells it. Default {@code local}.
 * @param publisher the publisher's authority ({@code host[:port]}) as in its names. Default: the authority of
 *     {@code master-url}.
 * @param publisherKeyFile the publisher's armored OpenPGP public key(s), pinned: every region authority and snapshot
 *     is verified with them. Default: none, so nothing verifies and the region is not served.
 * @param authorityFile the region authority to install at start, as signed (with {@code authority-signature-file});
 *     an invalid, expired or foreign one stops the start. Default: none, the master's is fetched.
 * @param authoritySignatureFile its detached signature.
 * @param authorityRefresh how often a newer authority (and the other regions') is fetched from the master. Default
 *     1m.
 * @param masterTimeout the longest a call to the master may take before the copy kept here is served. Default 5s.
 * @param replicationWait how long one request for the master's snapshot feed waits for news. Default 20s.
 * @param trackerKeyFile this regional tracker's own armored OpenPGP secret key, whose public half the publisher's admin
 *     registered with the delegation (the authority names its fingerprint): it signs the membership reports. Default:
 *     none, so no membership is exchanged and peers of other regions are not heard of.
 * @param trackerKeyPassphrase its passphrase. Secret ({@code OSSNET_REGION_TRACKER_KEY_PASSPHRASE}).
 * @param exchangeInterval how often this region's peers are reported to the master and the other regions' heard of.
 *     Default 30s.
 * @param revocationRefresh how often the master's revocation list ({@code /api/v1/revocation-list}) and, while none
 *     is held, the mirror CA certificate named in its discovery are fetched. Well inside a list's validity (5 minutes
 *     by default), so a missed fetch never lets the held list expire. Default 5s.
 * @param announce the announce engine's settings ({@code ossnet.region.announce.*}), as the tracker's, the hand-out
 *     among them ({@code ossnet.region.announce.handout.*}).
 * @param clients the callers allowed to use the API, by name: the SHA-256 of each one's bearer token and its
 *     roles ({@code admin}). Default: none.
 */
@ConfigurationProperties("ossnet.region")
public record RegionProperties(
        @DefaultValue("http://localhost:8083") URI publicUrl,
        @DefaultValue("http://localhost:8080") URI masterUrl,
        @DefaultValue("local") String name,
        String publisher,
        Path publisherKeyFile,
        Path authorityFile,
        Path authoritySignatureFile,
        @DefaultValue("1m") Duration authorityRefresh,
        @DefaultValue("5s") Duration masterTimeout,
        @DefaultValue("20s") Duration replicationWait,
        Path trackerKeyFile,
        String trackerKeyPassphrase,
        @DefaultValue("30s") Duration exchangeInterval,
        @DefaultValue("5s") Duration revocationRefresh,
        @NestedConfigurationProperty @DefaultValue AnnounceProperties announce,
        Map<String, ClientToken> clients) {

    public RegionProperties {
        clients = clients == null ? Map.of() : Map.copyOf(clients);
        if (revocationRefresh.isNegative() || revocationRefresh.isZero()) {
            throw new IllegalArgumentException("ossnet.region.revocation-refresh must be positive");
        }
        if ((authorityFile == null) != (authoritySignatureFile == null)) {
            throw new IllegalArgumentException(
                    "ossnet.region.authority-file and authority-signature-file go together: set both or neither");
        }
    }

    /** Never shows the passphrase: settings end up in logs. */
    @Override
    public String toString() {
        return "RegionProperties[publicUrl=" + publicUrl + ", masterUrl=" + masterUrl + ", name=" + name
                + ", trackerKeyFile=" + trackerKeyFile + ", trackerKeyPassphrase="
                + (trackerKeyPassphrase == null ? "none" : "(set)") + "]";
    }

    /** The publisher authority, defaulting to that of the master's URL. */
    public String publisherAuthority() {
        if (publisher != null && !publisher.isBlank()) {
            return publisher;
        }
        return masterUrl.getPort() < 0 ? masterUrl.getHost() : masterUrl.getHost() + ":" + masterUrl.getPort();
    }

    /** An absolute URL on the master for an already encoded path that starts with {@code /}. */
    public URI master(String encodedPath) {
        String base = masterUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + encodedPath);
    }

    /** An absolute URL on this regional tracker for an already encoded path that starts with {@code /}. */
    public URI link(String encodedPath) {
        String base = publicUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + encodedPath);
    }

    /** This tracker's announce URL: the listener's when it is enabled, otherwise {@code /announce} here. */
    public URI announceUrl() {
        AnnounceProperties.Listener listener = announce.listener();
        if (!listener.enabled()) {
            return link("/announce");
        }
        if (listener.publicUrl() != null) {
            return listener.publicUrl();
        }
        return URI.create("http://" + publicUrl.getHost() + ":" + listener.port() + "/announce");
    }
}
