package org.ossnet.agent.swarm;

/**
 * A snapshot of one session, for a progress bar or a log line.
 *
 * @param totalBytes the size of the file
 * @param verifiedBytes the bytes of verified pieces
 * @param downloadedBytes block bytes received from peers, wasted ones included
 * @param uploadedBytes block bytes sent to peers
 * @param downloadRate smoothed bytes per second received
 * @param uploadRate smoothed bytes per second sent
 * @param connectedPeers peers past the handshake
 * @param sources connected peers that have a piece this side still lacks, plus the web seeds in use
 * @param bannedPeers peers banned for bad data so far
 * @param webSeeds web seeds (BEP 19) in use, neither dropped nor banned, whether or not backing off now
 * @param complete whether the file is verified and at its final path (or was seeded complete)
 */
public record SwarmProgress(
        long totalBytes,
        long verifiedBytes,
        long downloadedBytes,
        long uploadedBytes,
        long downloadRate,
        long uploadRate,
        int connectedPeers,
        int sources,
        int bannedPeers,
        int webSeeds,
        boolean complete) {}
