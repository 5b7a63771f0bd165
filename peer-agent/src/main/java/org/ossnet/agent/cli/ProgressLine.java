package org.ossnet.agent.cli;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.ossnet.agent.swarm.SwarmProgress;

/** One plain progress line, for logs and pipes: bytes, percentage, rate, peers, sources, ETA. */
final class ProgressLine {
    private ProgressLine() {}

    static String of(SwarmProgress p, long elapsedNanos) {
        long percent = p.totalBytes() == 0 ? 100 : p.verifiedBytes() * 100 / p.totalBytes();
        long left = p.totalBytes() - p.verifiedBytes();
        String eta = p.complete() || left == 0
                ? "done"
                : p.downloadRate() > 0 ? "ETA " + (left + p.downloadRate() - 1) / p.downloadRate() + "s" : "ETA -";
        return String.format(
                Locale.ROOT,
                "%s / %s (%d%%)  %s/s  peers %d  sources %d  %s  [%ds]",
                size(p.verifiedBytes()),
                size(p.totalBytes()),
                percent,
                size(p.downloadRate()),
                p.connectedPeers(),
                p.sources(),
                eta,
                TimeUnit.NANOSECONDS.toSeconds(elapsedNanos));
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
