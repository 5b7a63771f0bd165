package org.ossnet.agent.announce;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.ossnet.core.torrent.InfoHash;

/**
 * A tracker's answer to a batch announce: the intervals, once, and one result per swarm in the order asked.
 *
 * @param interval how long to wait before the next periodic announce of these swarms
 * @param minInterval the shortest wait the tracker accepts; {@link Duration#ZERO} if not given
 * @param swarms one result per entry of the request, same order
 */
public record BatchReply(Duration interval, Duration minInterval, List<SwarmResult> swarms) {

    public BatchReply {
        swarms = List.copyOf(swarms);
    }

    /**
     * What the tracker said about one swarm: either a reply or a refusal.
     *
     * @param infoHash the swarm
     * @param reply the peers and counts, or {@code null} when refused
     * @param failureReason why the tracker refused this swarm (e.g. {@code unknown swarm}), or {@code null}
     */
    public record SwarmResult(InfoHash infoHash, AnnounceReply reply, String failureReason) {

        public SwarmResult {
            Objects.requireNonNull(infoHash, "infoHash");
            if ((reply == null) == (failureReason == null)) {
                throw new IllegalArgumentException("a swarm result is either a reply or a refusal");
            }
        }

        /** Whether the tracker refused this swarm. */
        public boolean refused() {
            return failureReason != null;
        }
    }
}
