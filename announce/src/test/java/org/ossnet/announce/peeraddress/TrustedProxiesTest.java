package org.ossnet.announce.peeraddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    static final byte[] CLIENT = {(byte) 203, 0, 113, 7};

    @Test
    void ignoresForwardedForFromAnUntrustedSocket() {
        TrustedProxies none = TrustedProxies.parse(List.of());
        assertThat(none.clientAddress("192.0.2.1", List.of("203.0.113.7"))).containsExactly(192, 0, 2, 1);
    }

    @Test
    void takesTheRightMostUntrustedForwardedAddressFromATrustedProxy() {
        TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.0/8", "::1"));
        assertThat(proxies.clientAddress("10.1.2.3", List.of("6.6.6.6, 203.0.113.7, 10.9.9.9")))
                .isEqualTo(CLIENT);
        assertThat(proxies.clientAddress("::1", List.of("6.6.6.6", "203.0.113.7")))
                .isEqualTo(CLIENT);
        assertThat(proxies.clientAddress("10.1.2.3", null)).containsExactly(10, 1, 2, 3);
        assertThat(proxies.clientAddress("10.1.2.3", List.of("garbage"))).containsExactly(10, 1, 2, 3);
    }

    @Test
    void normalisesIpv4MappedIpv6ToIpv4() {
        assertThat(PeerAddresses.parseLiteral("::ffff:203.0.113.7")).isEqualTo(CLIENT);
        assertThat(PeerAddresses.parseLiteral("[::ffff:cb00:7107]")).isEqualTo(CLIENT);
        assertThat(PeerAddresses.parseLiteral("::1")).hasSize(16);
        assertThat(TrustedProxies.parse(List.of("203.0.113.0/24")).clientAddress("::ffff:203.0.113.9", List.of("::2")))
                .hasSize(16);
    }

    @Test
    void parsesLiteralsOnlyNeverNames() {
        assertThat(PeerAddresses.parseLiteral("localhost")).isNull();
        assertThat(PeerAddresses.parseLiteral("1.2.3")).isNull();
        assertThat(PeerAddresses.parseLiteral("1.2.3.256")).isNull();
        assertThat(PeerAddresses.parseLiteral("example.org")).isNull();
        assertThat(PeerAddresses.parseLiteral("fe80::zz")).isNull();
    }

    @Test
    void readsTrustedProxiesInTheSameSyntaxAsTheAgentsAllowUpload() {
        // These three once differed from --allow-upload: a mapped prefix was refused, host bits and brackets taken.
        assertThat(TrustedProxies.parse(List.of("::ffff:10.0.0.0/104"))
                        .clientAddress("10.1.2.3", List.of("203.0.113.7")))
                .isEqualTo(CLIENT);
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.1/8")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bits are set beyond the /8 prefix");
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("[::1]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid CIDR '[::1]'");
    }
}
