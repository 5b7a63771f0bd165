package org.ossnet.agent.fetch;

import java.util.Collection;
import org.ossnet.agent.swarm.SwarmProgress;

/**
 * The progress of a whole fetch, summed over its files, for a progress bar or a log line.
 *
 * @param files how many files the fetch covers
 * @param filesDone how many of them are in place (skipped, created or downloaded)
 * @param totalBytes the size of all files
 * @param doneBytes the bytes in place: files present, plus verified pieces of the others
 * @param downloadedBytes block bytes received from peers, wasted ones included
 * @param uploadedBytes block bytes sent to peers
 * @param downloadRate bytes per second received, summed over open swarms
 * @param uploadRate bytes per second sent, summed over open swarms
 * @param peers connected peers, summed over open swarms
 * @param sources connected peers that have something still missing, summed over open swarms
 */
public record TreeProgress(
        int files,
        int filesDone,
        long totalBytes,
        long doneBytes,
        long downloadedBytes,
        long uploadedBytes,
        long downloadRate,
        long uploadRate,
        int peers,
        int sources) {

    /** Whether every file is in place. */
    public boolean complete() {
        return filesDone == files;
    }

    /** The sum of per-file progress, {@code filesDone} of which are in place. */
    public static TreeProgress sum(Collection<SwarmProgress> perFile, int filesDone) {
        long total = 0, done = 0, down = 0, up = 0, downRate = 0, upRate = 0;
        int peers = 0, sources = 0;
        for (SwarmProgress p : perFile) {
            total += p.totalBytes();
            done += p.complete() ? p.totalBytes() : p.verifiedBytes();
            down += p.downloadedBytes();
            up += p.uploadedBytes();
            downRate += p.downloadRate();
            upRate += p.uploadRate();
            peers += p.connectedPeers();
            sources += p.sources();
        }
        return new TreeProgress(perFile.size(), filesDone, total, done, down, up, downRate, upRate, peers, sources);
    }
}
