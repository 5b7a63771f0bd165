package org.ossnet.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @Test
    void matchesIpv4Prefixes() {
        Cidr ten = Cidr.parse("10.0.0.0/8");
        assertThat(ten.contains(ip("10.200.3.4"))).isTrue();
        assertThat(ten.contains(ip("11.0.0.1"))).isFalse();
        Cidr host = Cidr.parse("192.168.1.7/32");
        assertThat(host.contains(ip("192.168.1.7"))).isTrue();
        assertThat(host.contains(ip("192.168.1.8"))).isFalse();
    }

    @Test
    void matchesPrefixesThatEndInsideAByte() {
        assertThat(Cidr.parse("172.16.0.0/12").contains(ip("172.31.255.255"))).isTrue();
        assertThat(Cidr.parse("172.16.0.0/12").contains(ip("172.32.0.0"))).isFalse();
        assertThat(Cidr.parse("192.168.16.0/20").contains(ip("192.168.31.1"))).isTrue();
        assertThat(Cidr.parse("192.168.16.0/20").contains(ip("192.168.32.1"))).isFalse();
        assertThat(Cidr.parse("2001:db8:8000::/33").contains(ip("2001:db8:ffff::1")))
                .isTrue();
        assertThat(Cidr.parse("2001:db8:8000::/33").contains(ip("2001:db8:7fff::1")))
                .isFalse();
    }

    @Test
    void matchesIpv6Prefixes() {
        assertThat(Cidr.parse("2001:db8::/32").contains(ip("2001:db8:1::42"))).isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains(ip("2001:db9::1"))).isFalse();
        assertThat(Cidr.parse("fd00::/8").contains(ip("fd12::1"))).isTrue();
    }

    @Test
    void zeroPrefixesHoldTheirWholeFamilyOnly() {
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("2001:db8::1"))).isFalse();
        assertThat(Cidr.parse("::/0").contains(ip("2001:db8::1"))).isTrue();
        assertThat(Cidr.parse("::/0").contains(ip("203.0.113.9"))).isFalse();
    }

    @Test
    void normalisesIpv4MappedAddressesBeforeMatching() throws UnknownHostException {
        Cidr cidr = Cidr.parse("192.0.2.0/24");
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 33};
        // Built as an Inet6Address on purpose: a dual-stack socket may report peers this way.
        assertThat(cidr.contains(Inet6Address.getByAddress(null, mapped, -1))).isTrue();
        assertThat(cidr.contains(mapped)).isTrue();
        mapped[14] = 3;
        assertThat(cidr.contains(Inet6Address.getByAddress(null, mapped, -1))).isFalse();
    }

    @Test
    void readsIpv4MappedPrefixesAsTheIpv4PrefixTheyDenote() {
        assertThat(Cidr.parse("::ffff:10.1.0.0/112")).isEqualTo(Cidr.parse("10.1.0.0/16"));
        assertThat(Cidr.parse("::ffff:10.0.0.0/104").contains(ip("10.1.2.3"))).isTrue();
        assertThat(Cidr.parse("::ffff:10.0.0.0/104").contains(ip("11.1.2.3"))).isFalse();
    }

    @Test
    void takesABareAddressAsASingleHost() {
        assertThat(Cidr.parse("198.51.100.5")).isEqualTo(Cidr.parse("198.51.100.5/32"));
        assertThat(Cidr.parse("2001:db8::5")).isEqualTo(Cidr.parse("2001:db8::5/128"));
        assertThat(Cidr.parse("::1").contains(ip("::1"))).isTrue();
        assertThat(Cidr.parse("::1").contains(ip("::2"))).isFalse();
    }

    @Test
    void ignoresWhitespaceAroundTheWholeText() {
        assertThat(Cidr.parse(" 10.0.0.0/8\t")).isEqualTo(Cidr.parse("10.0.0.0/8"));
    }

    @Test
    void printsACanonicalFormThatParsesBack() {
        assertThat(Cidr.parse("10.0.0.0/8")).hasToString("10.0.0.0/8");
        assertThat(Cidr.parse(Cidr.parse("2001:DB8::/32").toString())).isEqualTo(Cidr.parse("2001:db8::/32"));
    }

    @Test
    void keepsItsNetworkBytesToItself() {
        Cidr cidr = Cidr.parse("10.0.0.0/8");
        cidr.network()[0] = 11;
        assertThat(cidr.contains(ip("10.0.0.1"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "10.0.0.0/",
                "10.0.0.0/33",
                "10.0.0.0/-1",
                "10.0.0.0/08",
                "10.0.0.0/8/8",
                "10.0.0/8",
                "10.0.0.0.0/8",
                "256.0.0.0/8",
                "010.0.0.0/8",
                "10.0.0.1/8",
                "::/129",
                "2001:db8::1/32",
                "2001:db8:::1/64",
                "fe80::1%eth0/128",
                "[::1]/128",
                "[::1]",
                "localhost",
                "example.com/24",
                "proxy.example/8",
                " /8"
            })
    void rejectsBadInputNamingIt(String text) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid CIDR '" + text + "'");
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void overlapsWhenOnePrefixHoldsTheOther() {
        assertThat(Cidr.parse("10.0.0.0/8").overlaps(Cidr.parse("10.1.0.0/16"))).isTrue();
        assertThat(Cidr.parse("10.1.0.0/16").overlaps(Cidr.parse("10.0.0.0/8"))).isTrue();
        assertThat(Cidr.parse("10.1.0.0/16").overlaps(Cidr.parse("10.1.0.0/16")))
                .isTrue();
        assertThat(Cidr.parse("127.1.0.0/16").overlaps(Cidr.parse("127.2.0.0/16")))
                .isFalse();
        assertThat(Cidr.parse("2001:db8::/32").overlaps(Cidr.parse("2001:db8:1::/48")))
                .isTrue();
        assertThat(Cidr.parse("2001:db8::/32").overlaps(Cidr.parse("2001:db9::/32")))
                .isFalse();
        assertThat(Cidr.parse("::/0").overlaps(Cidr.parse("10.0.0.0/8"))).isFalse();
        assertThat(Cidr.parse("::ffff:10.0.0.0/104").overlaps(Cidr.parse("10.2.0.0/16")))
                .isTrue();
    }
}
