package org.ossnet.announce;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The textual form of an address for non-compact replies. */
final class PeerAddressText {

    private PeerAddressText() {}

    static String of(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes", e);
        }
    }
}
