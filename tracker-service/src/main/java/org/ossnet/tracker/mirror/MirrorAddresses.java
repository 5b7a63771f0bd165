package org.ossnet.tracker.mirror;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where the tracker may fetch from when it checks a mirror. Anyone may register an unofficial mirror, so without
 * this rule anyone could make the tracker send requests into its own network (loopback, private ranges, link-local
 * cloud metadata addresses) and read the outcome in the registry. Only public unicast addresses pass, unless
 * {@code ossnet.tracker.mirrors.allow-private-addresses} is set (a lab, the local network, tests).
 */
final class MirrorAddresses {

    private MirrorAddresses() {}

    /** Why the tracker will not fetch from {@code host}, or empty when it may. */
    static Optional<String> refusal(String host, boolean allowPrivate) {
        if (allowPrivate) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of(host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                return Optional.of(host + " resolves to " + address.getHostAddress()
                        + ", which is not a public address (ossnet.tracker.mirrors.allow-private-addresses)");
            }
        }
        return Optional.empty();
    }

    /** Whether an address is public unicast: not loopback, private, link-local, wildcard, multicast or ULA. */
    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isSiteLocalAddress()
                || address.isLinkLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            // fc00::/7, unique local addresses: IPv6's private ranges, which isSiteLocalAddress does not cover.
            return (bytes[0] & 0xfe) != 0xfc;
        }
        // 100.64.0.0/10 (carrier-grade NAT) and 0.0.0.0/8 are not reachable public hosts either.
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        return !(first == 100 && second >= 64 && second < 128) && first != 0;
    }
}
