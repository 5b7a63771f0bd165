package org.ossnet.tracker.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MirrorAddressesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "10.1.2.3",
                "172.16.0.1",
                "192.168.1.1",
                "169.254.169.254",
                "0.0.0.0",
                "100.64.0.1",
                "224.0.0.1",
                "::1",
                "fe80::1",
                "fd00::1",
                "fc12::1",
                "::"
            })
    void refusesAddressesInsideSomeonesNetwork(String literal) throws Exception {
        assertThat(MirrorAddresses.isPublic(InetAddress.getByName(literal))).isFalse();
        assertThat(MirrorAddresses.refusal(literal, false))
                .hasValueSatisfying(why -> assertThat(why).contains("not a public address"));
        assertThat(MirrorAddresses.refusal(literal, true)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "100.128.0.1", "2606:4700::1111"})
    void acceptsPublicUnicastAddresses(String literal) throws Exception {
        assertThat(MirrorAddresses.isPublic(InetAddress.getByName(literal))).isTrue();
        assertThat(MirrorAddresses.refusal(literal, false)).isEmpty();
    }
}
