package org.ossnet.agent.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Reads {@code ADDR:PORT} ({@code 0.0.0.0:6881}, {@code [::]:6881}, {@code localhost:0}), for options and files. */
public final class SocketAddresses {

    private SocketAddresses() {}

    /**
     * Reads {@code value}.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static InetSocketAddress parse(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("'" + value + "' is not ADDR:PORT (e.g. 0.0.0.0:6881 or [::]:6881)");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + value + "': put an IPv6 address in brackets, e.g. [::1]:6881");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("'" + value + "': the port must be 0 to 65535 (0 picks a free one)");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + value + "': unknown address " + host);
        }
    }
}
