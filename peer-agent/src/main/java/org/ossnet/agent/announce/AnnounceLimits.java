package org.ossnet.agent.announce;

/**
 * Bounds on what an announce reply may cost this agent, whatever the tracker sends.
 *
 * @param maxReplyBytes the largest reply body read; default 1 MiB
 * @param maxPeers the most peers taken from one reply, IPv4 and IPv6 together; more are ignored; default 500
 */
public record AnnounceLimits(int maxReplyBytes, int maxPeers) {

    /** The limits the agent uses. */
    public static final AnnounceLimits DEFAULT = new AnnounceLimits(1024 * 1024, 500);

    public AnnounceLimits {
        if (maxReplyBytes < 1 || maxPeers < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
