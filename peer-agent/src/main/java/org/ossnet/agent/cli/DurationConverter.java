package org.ossnet.agent.cli;

import java.time.Duration;
import org.ossnet.agent.text.Durations;
import picocli.CommandLine.ITypeConverter;

/** Reads {@code 90s}, {@code 10m}, {@code 2h} or an ISO-8601 duration such as {@code PT10M}. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
        return Durations.parse(text);
    }
}
