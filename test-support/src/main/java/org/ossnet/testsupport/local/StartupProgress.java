package org.ossnet.testsupport.local;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * What {@code ./ossnet local} is doing while it starts, a line per step and the seconds each took:
 * the network needs about a minute, and a newcomer should be able to tell that from a hang.
 */
final class StartupProgress {

    private final PrintStream out;

    private StartupProgress(PrintStream out) {
        this.out = out;
    }

    /** Prints nothing: what tests that start the network in-process want. */
    static StartupProgress silent() {
        return new StartupProgress(null);
    }

    static StartupProgress printingTo(PrintStream out) {
        return new StartupProgress(out);
    }

    /** Says a step begins; returns when, for {@link #done}. */
    Instant starting(String what) {
        print("  " + what + " ...");
        return Instant.now();
    }

    /** Says a step that began at {@code since} is done. Safe from several threads at once. */
    void done(String what, Instant since) {
        print("  " + what + " (" + seconds(since) + " s)");
    }

    /** Says which of the things begun at {@code since} are still starting. */
    void stillStarting(Collection<String> names, Instant since) {
        print("  still starting " + String.join(", ", names) + " (" + seconds(since) + " s)");
    }

    private static long seconds(Instant since) {
        return Duration.between(since, Instant.now()).toSeconds();
    }

    private void print(String line) {
        if (out != null) {
            out.println(line);
        }
    }
}
