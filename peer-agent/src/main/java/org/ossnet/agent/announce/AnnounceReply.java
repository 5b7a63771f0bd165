package org.ossnet.agent.announce;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * A tracker's successful answer to an announce.
 *
 * @param interval how long to wait before the next periodic announce
 * @param minInterval the shortest wait the tracker accepts between announces; {@link Duration#ZERO} if not given
 * @param complete seeds in the swarm, when the tracker says
 * @param incomplete leechers in the swarm, when the tracker says
 * @param peers the peers handed out, IPv4 ({@code peers}) first, then IPv6 ({@code peers6})
 */
public record AnnounceReply(
        Duration interval, Duration minInterval, long complete, long incomplete, List<InetSocketAddress> peers) {

    public AnnounceReply {
        peers = List.copyOf(peers);
    }
}
