package org.ossnet.agent.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** Reads {@code 90s}, {@code 10m}, {@code 2h} or an ISO-8601 duration such as {@code PT10M}. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Duration duration;
        if (t.startsWith("p")) {
            duration = Duration.parse(t.toUpperCase(Locale.ROOT));
        } else if (t.matches("[0-9]+(ms|s|m|h)")) {
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
