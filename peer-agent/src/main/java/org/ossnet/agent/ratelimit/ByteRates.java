package org.ossnet.agent.ratelimit;

import java.util.Locale;

/** Reads rates in bytes per second as people write them, for the command line and configuration files alike. */
public final class ByteRates {

    private ByteRates() {}

    /**
     * Reads a positive rate: {@code 1048576}, {@code 500K}, {@code 20M} or {@code 1G} (powers of 1024).
     *
     * @throws IllegalArgumentException naming the text and an example when it is not one
     */
    public static long parse(String text) {
        long n = bytes(text, "a rate in bytes per second", "500K, 20M or 1048576");
        if (n < 1) {
            throw new IllegalArgumentException("a rate must be positive: " + text);
        }
        return n;
    }

    /**
     * Reads a size in bytes, written the same way as a rate, zero included: {@code 0}, {@code 1048576}, {@code 256K},
     * {@code 1M} or {@code 1G}.
     *
     * @throws IllegalArgumentException naming the text and an example when it is not one
     */
    public static long parseSize(String text) {
        return bytes(text, "a size in bytes", "256K, 1M or 0");
    }

    private static long bytes(String text, String what, String examples) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (!t.matches("[0-9]{1,15}[KMG]?")) {
            throw new IllegalArgumentException("not " + what + ": " + text + " (try " + examples + ")");
        }
        char unit = t.charAt(t.length() - 1);
        int shift = switch (unit) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        return Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1)) << shift;
    }
}
