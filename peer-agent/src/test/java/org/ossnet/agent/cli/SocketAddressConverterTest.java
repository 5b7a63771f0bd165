package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class SocketAddressConverterTest {

    final SocketAddressConverter converter = new SocketAddressConverter();

    @Test
    void readsIpv4AndBracketedIpv6Addresses() throws Exception {
        assertThat(converter.convert("0.0.0.0:6881"))
                .isEqualTo(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 6881));
        assertThat(converter.convert("[::1]:0")).isEqualTo(new InetSocketAddress(InetAddress.getByName("::1"), 0));
    }

    @Test
    void refusesWhatIsNotAddrColonPort() {
        for (String bad : new String[] {"6881", "127.0.0.1:", ":6881", "::1:6881", "127.0.0.1:70000", "127.0.0.1:x"}) {
            assertThatThrownBy(() -> converter.convert(bad)).as(bad).isInstanceOf(TypeConversionException.class);
        }
    }
}
