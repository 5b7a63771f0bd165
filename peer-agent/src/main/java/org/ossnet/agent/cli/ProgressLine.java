package org.ossnet.agent.cli;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.ossnet.agent.fetch.TreeProgress;

/** One plain progress line, for logs and pipes: bytes, percentage, rates, peers, sources, ETA, files. */
final class ProgressLine {
    private ProgressLine() {}

    static String of(TreeProgress p, long elapsedNanos) {
        return String.format(
                Locale.ROOT,
                "%s / %s (%d%%)  %s/s  up %s/s  peers %d  sources %d  %s%s  [%ds]",
                ProgressText.size(p.doneBytes()),
                ProgressText.size(p.totalBytes()),
                ProgressText.percent(p),
                ProgressText.size(p.downloadRate()),
                ProgressText.size(p.uploadRate()),
                p.peers(),
                p.sources(),
                ProgressText.eta(p),
                p.files() > 1 ? "  files " + p.filesDone() + "/" + p.files() : "",
                TimeUnit.NANOSECONDS.toSeconds(elapsedNanos));
    }
}
