package org.ossnet.agent.cli;

import java.util.Locale;
import org.ossnet.agent.fetch.TreeProgress;

/**
 * The one-line progress bar drawn on a terminal, redrawn in place with a carriage return:
 *
 * <pre>[=========>          ]  45%  10.8 MiB/24.0 MiB  down 2.0 MiB/s  up 0 B/s  peers 3  src 2  ETA 0:07  files 1/4</pre>
 *
 * <p>It never takes more than {@code width - 1} columns (a terminal wraps a line that fills its last column): the bar
 * shrinks first, then disappears, then the text is cut.
 */
final class ProgressBar {

    /** The narrowest bar worth drawing, inside its brackets. */
    static final int MIN_BAR = 10;

    /** The widest bar, so a very wide terminal does not get a sea of '='. */
    static final int MAX_BAR = 40;

    private ProgressBar() {}

    static String render(TreeProgress p, int width) {
        int columns = Math.max(1, width - 1);
        String text = String.format(
                Locale.ROOT,
                "%3d%%  %s/%s  down %s/s  up %s/s  peers %d  src %d  %s%s",
                ProgressText.percent(p),
                ProgressText.size(p.doneBytes()),
                ProgressText.size(p.totalBytes()),
                ProgressText.size(p.downloadRate()),
                ProgressText.size(p.uploadRate()),
                p.peers(),
                p.sources(),
                ProgressText.eta(p),
                p.files() > 1 ? "  files " + p.filesDone() + "/" + p.files() : "");
        int barWidth = Math.min(MAX_BAR, columns - text.length() - 3);
        if (barWidth < MIN_BAR) {
            return text.length() <= columns ? text : text.substring(0, columns);
        }
        return "[" + bar(p, barWidth) + "] " + text;
    }

    private static String bar(TreeProgress p, int width) {
        int filled = p.complete() || p.totalBytes() <= 0
                ? width
                : (int) Math.min(width - 1, (long) Math.floor(p.doneBytes() * (double) width / p.totalBytes()));
        StringBuilder bar = new StringBuilder(width);
        bar.repeat('=', filled);
        if (filled < width) {
            bar.append('>');
            bar.repeat(' ', width - filled - 1);
        }
        return bar.toString();
    }
}
