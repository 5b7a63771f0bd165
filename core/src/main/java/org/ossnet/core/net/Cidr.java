package org.ossnet.core.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * One network prefix, IPv4 (4 bytes) or IPv6 (16 bytes): the one syntax of every CIDR OSSNET reads, the tracker's
 * {@code trusted-proxies} and the agent's {@code --allow-upload} alike.
 *
 * <p>Accepted: {@code a.b.c.d/n} (n 0–32), {@code ipv6/n} (n 0–128) and a bare address, which is a single host
 * ({@code /32} or {@code /128}); whitespace around the whole text is ignored. Refused, with a message naming the text:
 * host names, zone ids ({@code fe80::1%eth0}), brackets, leading zeros in an IPv4 octet or in the prefix length, and
 * bits set beyond the prefix ({@code 10.0.0.1/8}, a typo more often than intent). An IPv4-mapped IPv6 prefix
 * ({@code ::ffff:10.0.0.0/104}) is stored as the IPv4 prefix it denotes ({@code 10.0.0.0/8}), and {@link #contains}
 * normalises the address it is given the same way ({@link IpAddresses#normalise}), so a dual-stack socket's
 * {@code ::ffff:10.1.2.3} lies in {@code 10.0.0.0/8}. After that the families are separate: {@code ::/0} holds every
 * IPv6 address and no IPv4 one.
 *
 * @param network the prefix's address bytes, 4 or 16, with no bits set beyond the prefix
 * @param prefix the prefix length in bits
 */
public record Cidr(byte[] network, int prefix) {

    private static final Pattern IPV4 = Pattern.compile("(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2})){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern PREFIX = Pattern.compile("0|[1-9]\\d{0,2}");
    private static final int MAPPED_PREFIX_BITS = 96;

    public Cidr {
        if (network.length != 4 && network.length != 16) {
            throw new IllegalArgumentException("a network has 4 or 16 bytes, not " + network.length);
        }
        if (prefix < 0 || prefix > network.length * 8) {
            throw new IllegalArgumentException("prefix length out of range: " + prefix);
        }
        network = network.clone();
    }

    /**
     * Parses the syntax above.
     *
     * @throws IllegalArgumentException starting {@code invalid CIDR '<text>'} and saying what is wrong
     */
    public static Cidr parse(String text) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] address = parseAddress(addressText, text);
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String prefixText = trimmed.substring(slash + 1);
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
        if (bits == 128 && prefix >= MAPPED_PREFIX_BITS && IpAddresses.isMapped(address)) {
            return new Cidr(Arrays.copyOfRange(address, 12, 16), prefix - MAPPED_PREFIX_BITS);
        }
        return new Cidr(address, prefix);
    }

    /** Whether {@code address} lies in this prefix, after {@link IpAddresses#normalise normalisation}. */
    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** As {@link #contains(InetAddress)}, for 4 or 16 address bytes. */
    public boolean contains(byte[] address) {
        byte[] normalised = IpAddresses.normalise(address);
        if (normalised.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        if (!Arrays.equals(normalised, 0, full, network, 0, full)) {
            return false;
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (normalised[full] & mask) == (network[full] & mask);
    }

    /**
     * Whether this prefix and {@code other} share an address: within one family, the shorter one contains the
     * other's network. Prefixes of different families never overlap.
     */
    public boolean overlaps(Cidr other) {
        if (network.length != other.network.length) {
            return false;
        }
        Cidr shorter = prefix <= other.prefix ? this : other;
        Cidr longer = shorter == this ? other : this;
        return shorter.contains(longer.network);
    }

    /** A copy of the network's bytes: the record keeps its own. */
    @Override
    public byte[] network() {
        return network.clone();
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

    /** The canonical form, such as {@code 10.0.0.0/8} or {@code 2001:db8:0:0:0:0:0:0/32}, which parses back. */
    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }
}
