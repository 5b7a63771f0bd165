package org.ossnet.agent.text;

import java.time.Duration;
import java.util.Locale;

/** Reads durations as people write them, for the command line and configuration files alike. */
public final class Durations {

    private Durations() {}

    /**
     * Reads a positive {@code 90s}, {@code 10m}, {@code 2h}, {@code 500ms} or an ISO-8601 duration such as
     * {@code PT10M}.
     *
     * @throws IllegalArgumentException naming the text and an example when it is not one
     */
    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Duration duration;
        if (t.startsWith("p")) {
            try {
                duration = Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a duration: " + text + " (try 90s, 10m or PT10M)");
            }
        } else if (t.matches("[0-9]{1,12}(ms|s|m|h)")) {
            String unit = t.replaceAll("[0-9]+", "");
            long n = Long.parseLong(t.substring(0, t.length() - unit.length()));
            duration = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else {
            throw new IllegalArgumentException("not a duration: " + text + " (try 90s, 10m or PT10M)");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a duration must be positive: " + text);
        }
        return duration;
    }
}
