package org.ossnet.agent.swarm;

import java.net.InetAddress;
import org.ossnet.core.torrent.PeerId;

/**
 * Whom a ban applies to: an address, as libtorrent bans, or an address with a peer id where many peers share one
 * address (loopback tests, a NAT).
 *
 * @param peerId null when the ban covers the whole address
 */
record BanKey(InetAddress address, PeerId peerId) {

    static BanKey of(InetAddress address, PeerId peerId, boolean wholeAddress) {
        return new BanKey(address, wholeAddress ? null : peerId);
    }
}
