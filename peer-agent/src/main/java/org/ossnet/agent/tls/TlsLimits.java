package org.ossnet.agent.tls;

import java.time.Duration;
import java.util.Objects;

/**
 * The time bounds of a TLS peer connection. Buffer sizes need no setting: each connection holds three buffers of one
 * TLS record each (about 17 KiB), as its {@code SSLSession} reports them.
 *
 * @param handshakeTimeout how long a handshake may take from the first byte to the last, both directions, before the
 *     connection is closed; default 10 s, as {@code SwarmConfig}'s BitTorrent handshake
 * @param closeTimeout how long closing waits to send its {@code close_notify} before it drops the socket; default 1 s
 */
public record TlsLimits(Duration handshakeTimeout, Duration closeTimeout) {

    /** The defaults above. */
    public static final TlsLimits DEFAULTS = new TlsLimits(Duration.ofSeconds(10), Duration.ofSeconds(1));

    public TlsLimits {
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout: must be positive, not " + handshakeTimeout);
        }
        if (closeTimeout.isNegative() || closeTimeout.isZero()) {
            throw new IllegalArgumentException("closeTimeout: must be positive, not " + closeTimeout);
        }
    }
}
