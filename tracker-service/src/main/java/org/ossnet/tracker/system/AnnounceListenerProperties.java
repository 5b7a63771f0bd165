package org.ossnet.tracker.system;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the dedicated announce listener, bound from {@code ossnet.tracker.announce.*}
 * (docs/CONFIGURATION.md).
 *
 * @param enabled whether {@code GET /announce} and {@code GET /scrape} are also served on a port of
 *     their own, and handed out as the announce URL. The servlet on the main port answers either way.
 *     Default true.
 * @param bindAddress the address to listen on. Default {@code 0.0.0.0}.
 * @param port the listener's TCP port. Default 6969.
 * @param loops how many selector threads share the connections (1 to 64); one saturates a core.
 *     Default 1.
 * @param maxConnections connections beyond this many are closed as soon as they are accepted.
 *     Default 10000.
 * @param maxRequestSize the largest request line plus headers; beyond it the request is refused with
 *     414 or 431. Default 16KB.
 * @param idleTimeout a connection silent this long is closed; a request not complete this long after
 *     its first byte gets 408. Default 15s.
 * @param publicUrl the announce URL put in torrents, magnets and discovery, when clients reach the
 *     listener some other way than {@code http://<host of public-url>:<port>/announce}. Default: that.
 */
public record AnnounceListenerProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("0.0.0.0") String bindAddress,
        @DefaultValue("6969") int port,
        @DefaultValue("1") int loops,
        @DefaultValue("10000") int maxConnections,
        @DefaultValue("16KB") DataSize maxRequestSize,
        @DefaultValue("15s") Duration idleTimeout,
        URI publicUrl) {

    public AnnounceListenerProperties {
        if (enabled && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("ossnet.tracker.announce.port " + port + " is not 1-65535");
        }
        if (publicUrl != null && (!publicUrl.isAbsolute() || publicUrl.getHost() == null)) {
            throw new IllegalArgumentException("ossnet.tracker.announce.public-url must be an absolute http URL");
        }
    }
}
