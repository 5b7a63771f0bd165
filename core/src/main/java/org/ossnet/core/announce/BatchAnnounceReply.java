package org.ossnet.core.announce;

import java.util.List;
import java.util.Objects;

/** A tracker's answer to a {@link BatchAnnounce}: the swarms answered, or the whole batch refused. */
public sealed interface BatchAnnounceReply {

    /**
     * The batch was read: the intervals, once, and one reply per swarm in the order asked.
     *
     * @param interval seconds to wait before the next periodic announce of these swarms, at least 1
     * @param minInterval the shortest wait in seconds the tracker accepts; 0 if not given
     * @param swarms one reply per entry of the request, same order
     */
    record Answered(long interval, long minInterval, List<SwarmReply> swarms) implements BatchAnnounceReply {
        public Answered {
            if (interval < 1 || minInterval < 0) {
                throw new IllegalArgumentException("intervals out of range: " + interval + ", " + minInterval);
            }
            swarms = List.copyOf(swarms);
        }
    }

    /**
     * The batch was not read at all (a malformed body): {@code d14:failure reason<n>:<reason>e}.
     *
     * @param reason why, in words
     */
    record Refused(String reason) implements BatchAnnounceReply {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
