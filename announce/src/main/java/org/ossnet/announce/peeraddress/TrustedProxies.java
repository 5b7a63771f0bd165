package org.ossnet.announce.peeraddress;

import java.util.List;
import org.ossnet.core.net.Cidr;

/**
 * Decides the address a peer is known by. The socket's address, unless the socket is one of the
 * trusted proxies: then the right-most address of {@code X-Forwarded-For} that is not itself a
 * trusted proxy. A client's own {@code ip=} parameter is never believed.
 */
public final class TrustedProxies {

    private final List<Cidr> proxies;

    /** Trusts the given prefixes; an empty list trusts nobody, so only the socket counts. */
    public TrustedProxies(List<Cidr> proxies) {
        this.proxies = List.copyOf(proxies);
    }

    /**
     * Parses a list of prefixes such as {@code 10.0.0.0/8, ::1} in the one CIDR syntax ({@link Cidr#parse}).
     *
     * @throws IllegalArgumentException naming the first invalid prefix
     */
    public static TrustedProxies parse(List<String> cidrs) {
        return new TrustedProxies(cidrs.stream().map(Cidr::parse).toList());
    }

    /**
     * The peer's normalised address.
     *
     * @param socketAddress the socket's remote address as text (e.g. {@code getRemoteAddr()})
     * @param forwardedFor the {@code X-Forwarded-For} header values in order, or null
     * @return the address bytes, or null if the socket address is not a literal
     */
    public byte[] clientAddress(String socketAddress, List<String> forwardedFor) {
        return clientAddress(PeerAddresses.parseLiteral(socketAddress), forwardedFor);
    }

    /**
     * As {@link #clientAddress(String, List)}, for a socket address already in normalised bytes.
     *
     * @param socket the socket's remote address, normalised ({@link PeerAddresses#normalise}), or null
     */
    public byte[] clientAddress(byte[] socket, List<String> forwardedFor) {
        if (socket == null || !trusted(socket) || forwardedFor == null || forwardedFor.isEmpty()) {
            return socket;
        }
        for (int h = forwardedFor.size() - 1; h >= 0; h--) {
            String[] hops = forwardedFor.get(h).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                byte[] hop = PeerAddresses.parseLiteral(hops[i].trim());
                if (hop == null) {
                    // Garbage in the chain: stop trusting it and keep the last good hop we reached.
                    return socket;
                }
                if (!trusted(hop)) {
                    return hop;
                }
                socket = hop;
            }
        }
        return socket;
    }

    /** Whether any proxy is trusted at all. */
    public boolean isEmpty() {
        return proxies.isEmpty();
    }

    private boolean trusted(byte[] address) {
        for (Cidr proxy : proxies) {
            if (proxy.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
