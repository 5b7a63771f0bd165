package org.ossnet.announce.peeraddress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.ossnet.core.net.IpAddresses;

/** Turns textual and socket addresses into the 4- or 16-byte form the swarm tables keep. */
public final class PeerAddresses {

    private PeerAddresses() {}

    /** The address bytes, with an IPv4-mapped IPv6 address ({@code ::ffff:1.2.3.4}) as its IPv4 form. */
    public static byte[] normalise(InetAddress address) {
        return normalise(address.getAddress());
    }

    /** As {@link #normalise(InetAddress)}, for raw bytes. */
    public static byte[] normalise(byte[] address) {
        return IpAddresses.normalise(address);
    }

    /**
     * Parses an IPv4 or IPv6 literal (brackets and a zone allowed) into normalised bytes without any
     * name lookup; null if it is not a literal.
     */
    public static byte[] parseLiteral(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return null;
        }
        String literal = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (literal.indexOf(':') < 0) {
            return parseIpv4(literal);
        }
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '%') {
                break;
            }
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.' || c > 'f') {
                return null;
            }
        }
        try {
            // Only hex digits, dots and colons (and a zone): getByName parses the literal, never resolves it.
            return normalise(InetAddress.getByName(literal));
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    /** Dotted-quad IPv4 without a lookup and without allocating more than the result. */
    private static byte[] parseIpv4(String text) {
        byte[] address = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i == text.length() ? '.' : text.charAt(i);
            if (c == '.') {
                if (value < 0 || part == 4) {
                    return null;
                }
                address[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? address : null;
    }
}
