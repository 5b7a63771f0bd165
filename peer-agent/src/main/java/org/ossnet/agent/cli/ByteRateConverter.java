package org.ossnet.agent.cli;

import org.ossnet.agent.ratelimit.ByteRates;
import picocli.CommandLine.ITypeConverter;

/** Reads a positive rate in bytes per second: {@code 1048576}, {@code 500K}, {@code 20M} or {@code 1G} (powers of 1024). */
final class ByteRateConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
        return ByteRates.parse(text);
    }
}
