package org.ossnet.agent.cli;

import org.ossnet.agent.ratelimit.ByteRates;
import picocli.CommandLine.ITypeConverter;

/** Reads a size in bytes, zero included: {@code 0}, {@code 1048576}, {@code 256K}, {@code 1M} (powers of 1024). */
final class ByteSizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
        return ByteRates.parseSize(text);
    }
}
