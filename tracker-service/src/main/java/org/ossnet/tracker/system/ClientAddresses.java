package org.ossnet.tracker.system;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.ossnet.core.net.IpAddresses;

/** The address a request came from, for rate limits and regions. */
public final class ClientAddresses {

    private ClientAddresses() {}

    /** The socket's peer address, normalised (4 or 16 bytes): never a header, which any client could write. */
    public static byte[] socket(HttpServletRequest request) {
        try {
            return IpAddresses.normalise(InetAddress.getByName(request.getRemoteAddr()));
        } catch (UnknownHostException e) {
            // getRemoteAddr is a literal, so this cannot happen; an unknown source counts as 0.0.0.0 if it did.
            return new byte[4];
        }
    }
}
