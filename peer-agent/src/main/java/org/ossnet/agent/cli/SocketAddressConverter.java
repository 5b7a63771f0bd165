package org.ossnet.agent.cli;

import java.net.InetSocketAddress;
import org.ossnet.agent.net.SocketAddresses;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code ADDR:PORT} ({@code 0.0.0.0:6881}, {@code [::]:6881}, {@code localhost:0}) for the listen options. */
final class SocketAddressConverter implements ITypeConverter<InetSocketAddress> {

    @Override
    public InetSocketAddress convert(String value) {
        try {
            return SocketAddresses.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
