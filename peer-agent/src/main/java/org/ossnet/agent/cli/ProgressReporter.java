package org.ossnet.agent.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import org.ossnet.agent.fetch.TreeProgress;

/** Shows a fetch's progress as a bar redrawn in place on a terminal, as plain lines in logs and pipes, or not at all. */
final class ProgressReporter {

    /** How progress is shown. */
    enum Mode {
        BAR,
        LINES,
        NONE;

        /** Reads {@code bar}, {@code lines}, {@code none} or {@code auto} (a bar on a terminal, lines otherwise). */
        static Mode parse(String text, Function<String, String> env) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "bar" -> BAR;
                case "lines" -> LINES;
                case "none" -> NONE;
                case "auto" -> onTerminal(env) ? BAR : LINES;
                default ->
                    throw new IllegalArgumentException(
                            "--progress must be bar, lines, none or auto, not '" + text + "'");
            };
        }
    }

    /** How often the bar is redrawn: often enough to look alive, rarely enough to cost nothing. */
    static final Duration BAR_INTERVAL = Duration.ofMillis(500);

    private final Mode mode;
    private final PrintWriter out;
    private final int width;
    private int drawn;

    ProgressReporter(Mode mode, PrintWriter out, int width) {
        this.mode = mode;
        this.out = out;
        this.width = width;
    }

    /** How long to wait between updates, given the interval asked for plain lines. */
    Duration interval(Duration linesInterval) {
        return mode == Mode.BAR ? BAR_INTERVAL : linesInterval;
    }

    void update(TreeProgress progress, long elapsedNanos) {
        switch (mode) {
            case BAR -> redraw(ProgressBar.render(progress, width));
            case LINES -> out.println(ProgressLine.of(progress, elapsedNanos));
            case NONE -> {}
        }
        out.flush();
    }

    /** Draws the final state and, for a bar, ends its line so what follows starts on a fresh one. */
    void finish(TreeProgress progress, long elapsedNanos) {
        update(progress, elapsedNanos);
        if (mode == Mode.BAR) {
            out.println();
            out.flush();
            drawn = 0;
        }
    }

    private void redraw(String line) {
        // Spaces wipe whatever is left of a longer earlier line.
        out.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        drawn = line.length();
    }

    /** The terminal's width from {@code COLUMNS}, or 80. */
    static int width(Function<String, String> env) {
        String columns = env.apply("COLUMNS");
        if (columns != null && columns.matches("[0-9]{1,4}") && Integer.parseInt(columns) >= 20) {
            return Integer.parseInt(columns);
        }
        return 80;
    }

    /**
     * Whether standard output is an interactive terminal that understands a carriage return. Since JDK 22
     * {@code System.console()} is non-null even when redirected, so {@code Console.isTerminal()} decides where it
     * exists.
     */
    static boolean onTerminal(Function<String, String> env) {
        Console console = System.console();
        if (console == null || "dumb".equals(env.apply("TERM"))) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
