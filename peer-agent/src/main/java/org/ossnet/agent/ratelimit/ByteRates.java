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
        String t = text.strip().toUpperCase(Locale.ROOT);
        if (!t.matches("[0-9]{1,15}[KMG]?")) {
            throw new IllegalArgumentException(
                    "not a rate in bytes per second: " + text + " (try 500K, 20M or 1048576)");
        }
        char unit = t.charAt(t.length() - 1);
        int shift = switch (unit) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        long n = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1));
        if (n < 1) {
            throw new IllegalArgumentException("a rate must be positive: " + text);
        }
        return n << shift;
    }
}
