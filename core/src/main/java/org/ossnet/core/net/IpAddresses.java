package org.ossnet.core.net;

import java.net.InetAddress;
import java.util.Arrays;

/** The one normalisation of IP addresses before they are compared: an IPv4-mapped IPv6 address is its IPv4 form. */
public final class IpAddresses {

    private IpAddresses() {}

    /**
     * The address bytes, 4 or 16, with an IPv4-mapped IPv6 address ({@code ::ffff:1.2.3.4}, as a dual-stack socket
     * reports IPv4 peers) as the 4 bytes it carries.
     */
    public static byte[] normalise(InetAddress address) {
        return normalise(address.getAddress());
    }

    /** As {@link #normalise(InetAddress)}, for raw bytes; other addresses are returned as they are, not copied. */
    public static byte[] normalise(byte[] address) {
        return address.length == 16 && isMapped(address) ? Arrays.copyOfRange(address, 12, 16) : address;
    }

    /** Whether 16 address bytes are an IPv4-mapped IPv6 address, {@code ::ffff:0:0/96}. */
    public static boolean isMapped(byte[] address) {
        if (address.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }
}
