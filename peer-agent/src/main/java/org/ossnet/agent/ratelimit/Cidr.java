package org.ossnet.agent.ratelimit;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * One network prefix, IPv4 (4 bytes) or IPv6 (16 bytes). IPv4-mapped IPv6 prefixes ({@code ::ffff:10.0.0.0/104}) are
 * stored as the IPv4 prefix they denote, so they match exactly the addresses that {@link AddressPolicy} normalises.
 */
record Cidr(byte[] network, int prefix) {

    private static final Pattern IPV4 = Pattern.compile("(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2})){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern PREFIX = Pattern.compile("0|[1-9]\\d{0,2}");
    private static final int MAPPED_PREFIX_BITS = 96;

    /**
     * Parses {@code a.b.c.d/n}, {@code ipv6/n} or a bare address (a single host). Strict: no host names, no zone ids,
     * no leading zeros in IPv4 octets or the prefix, and no bits set beyond the prefix (a typo more often than intent).
     */
    static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        byte[] address = parseAddress(addressText, text);
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String prefixText = text.substring(slash + 1);
            if (!PREFIX.matcher(prefixText).matches() || Integer.parseInt(prefixText) > bits) {
                throw bad(text, "the prefix length must be a number from 0 to " + bits);
            }
            prefix = Integer.parseInt(prefixText);
        }
        for (int bit = prefix; bit < bits; bit++) {
            if ((address[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                throw bad(text, "bits are set beyond the /" + prefix + " prefix");
            }
        }
        if (bits == 128 && prefix >= MAPPED_PREFIX_BITS && isMapped(address)) {
            return new Cidr(Arrays.copyOfRange(address, 12, 16), prefix - MAPPED_PREFIX_BITS);
        }
        return new Cidr(address, prefix);
    }

    /** Whether {@code address}, already normalised to its family, lies in this prefix. */
    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        if (!Arrays.equals(address, 0, full, network, 0, full)) {
            return false;
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }

    static boolean isMapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    private static byte[] parseAddress(String addressText, String whole) {
        if (IPV4.matcher(addressText).matches()) {
            String[] octets = addressText.split("\\.");
            byte[] address = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(octets[i]);
                if (octet > 255) {
                    throw bad(whole, "an IPv4 octet is at most 255");
                }
                address[i] = (byte) octet;
            }
            return address;
        }
        // Only hex digits, colons and dots with at least one colon: InetAddress treats that as a literal, never a name.
        if (addressText.indexOf(':') < 0 || !IPV6_CHARS.matcher(addressText).matches()) {
            throw bad(whole, "not an IPv4 or IPv6 address");
        }
        try {
            InetAddress parsed = InetAddress.getByName(addressText);
            if (parsed instanceof Inet4Address v4) {
                // Java turns ::ffff:a.b.c.d into IPv4; put the mapped form back so the prefix counts 128 bits.
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(v4.getAddress(), 0, mapped, 12, 4);
                return mapped;
            }
            return parsed.getAddress();
        } catch (UnknownHostException e) {
            throw bad(whole, "not a valid IPv6 address");
        }
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("invalid CIDR '" + text + "': " + why);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other && prefix == other.prefix && Arrays.equals(network, other.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }
}
