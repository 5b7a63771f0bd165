package org.ossnet.agent.cli;

import org.ossnet.agent.fetch.TreeProgress;
import org.ossnet.agent.text.Decimals;

/** The pieces the progress line and the progress bar share: sizes, percentages and ETAs as short text. */
final class ProgressText {

    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ProgressText() {}

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 24.0 MiB}, {@code 1.25 GiB} and so on up to EiB. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return Decimals.fixed(value, unit >= 2 ? 2 : 1) + " " + UNITS[unit];
    }

    /** Whole percent done, rounded down, so 100% only once everything is in place. */
    static int percent(TreeProgress p) {
        if (p.complete()) {
            return 100;
        }
        if (p.totalBytes() <= 0) {
            return 0;
        }
        int percent = (int) Math.floor(p.doneBytes() * 100.0 / p.totalBytes());
        return Math.min(99, Math.max(0, percent));
    }

    /** {@code done}, {@code ETA 0:42}, {@code ETA 1:02:03}, {@code ETA >99h}, or {@code ETA -} when nothing moves. */
    static String eta(TreeProgress p) {
        long left = p.totalBytes() - p.doneBytes();
        if (p.complete() || left <= 0) {
            return "done";
        }
        if (p.downloadRate() <= 0) {
            return "ETA -";
        }
        long seconds = left / p.downloadRate() + (left % p.downloadRate() == 0 ? 0 : 1);
        if (seconds >= 100 * 3600) {
            return "ETA >99h";
        }
        long h = seconds / 3600, m = seconds / 60 % 60, s = seconds % 60;
        return h > 0
                ? "ETA " + h + ":" + Decimals.twoDigits(m) + ":" + Decimals.twoDigits(s)
                : "ETA " + m + ":" + Decimals.twoDigits(s);
    }
}
