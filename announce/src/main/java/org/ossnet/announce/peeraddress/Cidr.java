package org.ossnet.announce.peeraddress;

import java.net.InetAddress;

/**
 * An address prefix such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a single host.
 *
 * @param network the prefix's address bytes, 4 or 16, normalised
 * @param bits the prefix length
 */
public record Cidr(byte[] network, int bits) {

    /** Parses {@code address[/bits]}, a literal address only (never a host name). */
    public static Cidr parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String literal = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] address = PeerAddresses.parseLiteral(literal);
        if (address == null) {
            throw new IllegalArgumentException("not an IP address prefix: " + text);
        }
        int max = address.length * 8;
        int bits;
        try {
            bits = slash < 0 ? max : Integer.parseInt(trimmed.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IP address prefix: " + text);
        }
        if (bits < 0 || bits > max) {
            throw new IllegalArgumentException("prefix length out of range: " + text);
        }
        return new Cidr(address, bits);
    }

    /** Whether a normalised address (4 or 16 bytes) lies in this prefix. */
    public boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + bits;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
