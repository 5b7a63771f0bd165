package org.ossnet.agent.announce;

/**
 * Bounds on what an announce reply may cost this agent, whatever the tracker sends, and on the batches it sends.
 *
 * @param maxReplyBytes the largest reply body read; default 1 MiB
 * @param maxPeers the most peers taken from one reply (one swarm of a batch reply), IPv4 and IPv6 together; more are
 *     ignored; default 500
 * @param maxBatchReplyBytes the largest batch reply body read; default 16 MiB (500 swarms of 50 IPv6 peers take
 *     about 0.5 MiB)
 * @param maxBatchSwarms the most swarms sent in one batch request; more are split over several requests; default 500,
 *     half the tracker's default {@code max-batch-swarms}
 */
public record AnnounceLimits(int maxReplyBytes, int maxPeers, int maxBatchReplyBytes, int maxBatchSwarms) {

    private static final int DEFAULT_BATCH_REPLY_BYTES = 16 * 1024 * 1024;
    private static final int DEFAULT_BATCH_SWARMS = 500;

    /** The limits the agent uses. */
    public static final AnnounceLimits DEFAULT =
            new AnnounceLimits(1024 * 1024, 500, DEFAULT_BATCH_REPLY_BYTES, DEFAULT_BATCH_SWARMS);

    public AnnounceLimits {
        if (maxReplyBytes < 1 || maxPeers < 0 || maxBatchReplyBytes < 1 || maxBatchSwarms < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** Limits for single announces, with the default batch limits. */
    public AnnounceLimits(int maxReplyBytes, int maxPeers) {
        this(maxReplyBytes, maxPeers, DEFAULT_BATCH_REPLY_BYTES, DEFAULT_BATCH_SWARMS);
    }
}
