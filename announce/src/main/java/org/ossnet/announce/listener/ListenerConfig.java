package org.ossnet.announce.listener;

import java.time.Duration;

/**
 * Settings of the announce listener; the defaults are named here and nowhere else.
 *
 * @param bindAddress the address to listen on, a literal or a host name ({@code 0.0.0.0}, {@code ::})
 * @param port the TCP port; 0 takes any free one (tests), see {@link AnnounceListener#port()}
 * @param loops how many listener threads share the connections, 1 to {@link #MAX_LOOPS}
 * @param maxConnections open connections beyond this are closed as soon as they are accepted
 * @param maxRequestBytes the largest request head (request line and headers); a longer request line
 *     is refused with 414, longer headers with 431. It is also the input buffered per connection.
 * @param idleTimeout a connection silent this long is closed, and a request not complete this long
 *     after its first byte is refused with 408
 * @param sockets what drives the sockets ({@link Sockets})
 */
public record ListenerConfig(
        String bindAddress,
        int port,
        int loops,
        int maxConnections,
        int maxRequestBytes,
        Duration idleTimeout,
        Sockets sockets) {

    /** What drives the listener's sockets. */
    public enum Sockets {
        /** epoll where it is available ({@link AnnounceListener#sockets()} tells), else the JDK's. */
        AUTO,
        /**
         * epoll through the foreign-function API: Linux on x86-64 or aarch64, Java 22+, native access granted; the
         * listener does not start without them.
         */
        EPOLL,
        /** The JDK's selector and socket channels, anywhere. */
        NIO
    }

    /** Default of {@code maxConnections}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

    /** Default of {@code maxRequestBytes}: a scrape of 100 swarms (about 7,000 characters) fits with its headers. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 16 * 1024;

    /** Default of {@code idleTimeout}. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(15);

    /** The most listener threads: each is a platform thread that waits on its own selector or epoll set. */
    public static final int MAX_LOOPS = 64;

    public ListenerConfig {
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("announce listener: bind address missing");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("announce listener: port " + port + " is not 0-65535");
        }
        if (loops < 1 || loops > MAX_LOOPS) {
            throw new IllegalArgumentException("announce listener: loops " + loops + " is not 1-" + MAX_LOOPS);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("announce listener: max connections must be at least 1");
        }
        if (maxRequestBytes < 1024 || maxRequestBytes > 1024 * 1024) {
            throw new IllegalArgumentException(
                    "announce listener: max request size " + maxRequestBytes + " is not 1KB-1MB");
        }
        if (idleTimeout == null || idleTimeout.toMillis() < 10) {
            throw new IllegalArgumentException("announce listener: idle timeout must be at least 10ms");
        }
        if (sockets == null) {
            throw new IllegalArgumentException("announce listener: sockets missing (auto, epoll or nio)");
        }
    }

    /** Every default, on {@code bindAddress} and {@code port}. */
    public static ListenerConfig defaults(String bindAddress, int port) {
        return new ListenerConfig(
                bindAddress,
                port,
                1,
                DEFAULT_MAX_CONNECTIONS,
                DEFAULT_MAX_REQUEST_BYTES,
                DEFAULT_IDLE_TIMEOUT,
                Sockets.AUTO);
    }

    /** The same settings with other sockets. */
    public ListenerConfig withSockets(Sockets sockets) {
        return new ListenerConfig(bindAddress, port, loops, maxConnections, maxRequestBytes, idleTimeout, sockets);
    }
}
