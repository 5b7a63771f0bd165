package org.ossnet.agent.text;

/**
 * A count with its noun in the right number ({@code 1 file}, {@code 0 files}, {@code 2 files}), so that no output line
 * says "1 files" and no caller writes its own {@code n == 1 ? "" : "s"}.
 */
public final class Counts {

    private Counts() {}

    /** {@code n} and {@code noun}, with an "s" added unless {@code n} is 1: {@code of(1, "swarm")} is "1 swarm". */
    public static String of(long n, String noun) {
        return of(n, noun, noun + "s");
    }

    /** {@code n} and {@code singular} if {@code n} is 1, else {@code plural}: for nouns like "entry", "entries". */
    public static String of(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural); // not String.format: see Decimals
    }
}
