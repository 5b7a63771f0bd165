package org.ossnet.agent.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {

    @Test
    void matchesIpv4Prefixes() {
        var policy = AddressPolicy.parse(List.of("10.0.0.0/8", "192.168.1.7/32"));
        assertThat(policy.allows(ip("10.200.3.4"))).isTrue();
        assertThat(policy.allows(ip("11.0.0.1"))).isFalse();
        assertThat(policy.allows(ip("192.168.1.7"))).isTrue();
        assertThat(policy.allows(ip("192.168.1.8"))).isFalse();
    }

    @Test
    void matchesPrefixesThatEndInsideAByte() {
        var policy = AddressPolicy.parse(List.of("172.16.0.0/12", "2001:db8:8000::/33"));
        assertThat(policy.allows(ip("172.31.255.255"))).isTrue();
        assertThat(policy.allows(ip("172.32.0.0"))).isFalse();
        assertThat(policy.allows(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(policy.allows(ip("2001:db8:7fff::1"))).isFalse();
    }

    @Test
    void matchesIpv6Prefixes() {
        var policy = AddressPolicy.parse(List.of("2001:db8::/32", "fe80::1/128"));
        assertThat(policy.allows(ip("2001:db8:1::42"))).isTrue();
        assertThat(policy.allows(ip("2001:db9::1"))).isFalse();
        assertThat(policy.allows(ip("fe80::1"))).isTrue();
        assertThat(policy.allows(ip("fe80::2"))).isFalse();
    }

    @Test
    void zeroPrefixesAllowTheirWholeFamilyOnly() {
        var v4 = AddressPolicy.parse(List.of("0.0.0.0/0"));
        assertThat(v4.allows(ip("203.0.113.9"))).isTrue();
        assertThat(v4.allows(ip("::ffff:203.0.113.9"))).isTrue();
        assertThat(v4.allows(ip("2001:db8::1"))).isFalse();
        var v6 = AddressPolicy.parse(List.of("::/0"));
        assertThat(v6.allows(ip("2001:db8::1"))).isTrue();
        assertThat(v6.allows(ip("203.0.113.9"))).isFalse();
    }

    @Test
    void normalisesIpv4MappedPeerAddressesBeforeMatching() throws UnknownHostException {
        var policy = AddressPolicy.parse(List.of("192.0.2.0/24"));
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 33};
        // Built as an Inet6Address on purpose: a dual-stack socket may report peers this way.
        assertThat(policy.allows(Inet6Address.getByAddress(null, mapped, -1))).isTrue();
        mapped[14] = 3;
        assertThat(policy.allows(Inet6Address.getByAddress(null, mapped, -1))).isFalse();
    }

    @Test
    void readsIpv4MappedPrefixesAsTheIpv4PrefixTheyDenote() {
        var policy = AddressPolicy.parse(List.of("::ffff:10.1.0.0/112"));
        assertThat(policy.allows(ip("10.1.2.3"))).isTrue();
        assertThat(policy.allows(ip("10.2.0.1"))).isFalse();
    }

    @Test
    void takesABareAddressAsASingleHost() {
        var policy = AddressPolicy.parse(List.of("198.51.100.5", "2001:db8::5"));
        assertThat(policy.allows(ip("198.51.100.5"))).isTrue();
        assertThat(policy.allows(ip("198.51.100.6"))).isFalse();
        assertThat(policy.allows(ip("2001:db8::5"))).isTrue();
        assertThat(policy.allows(ip("2001:db8::6"))).isFalse();
    }

    @Test
    void allowsNobodyByDefaultOrWithAnEmptyList() {
        assertThat(AddressPolicy.nobody().allows(ip("127.0.0.1"))).isFalse();
        assertThat(AddressPolicy.parse(List.of()).allowsNobody()).isTrue();
    }

    @Test
    void readsAllowUploadInTheSameSyntaxAsTheTrackersTrustedProxies() {
        // The same three inputs as TrustedProxiesTest: one syntax (core's Cidr) on both sides.
        assertThat(AddressPolicy.parse(List.of("::ffff:10.0.0.0/104")).allows(ip("10.1.2.3")))
                .isTrue();
        assertThatThrownBy(() -> AddressPolicy.parse(List.of("10.0.0.1/8")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bits are set beyond the /8 prefix");
        assertThatThrownBy(() -> AddressPolicy.parse(List.of("[::1]")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid CIDR '[::1]'");
    }

    @Test
    void failsTheWholeListOnOneBadPrefix() {
        assertThatThrownBy(() -> AddressPolicy.parse(List.of("10.0.0.0/8", "example.com/24")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid CIDR 'example.com/24'");
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
