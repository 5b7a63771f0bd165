package org.ossnet.announce.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ossnet.announce.region.RegionFixtures.region;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ossnet.core.net.Cidr;

class RegionMapTest {

    final RegionMap regions = RegionFixtures.regions();

    static byte[] ip(String text) throws Exception {
        return InetAddress.getByName(text).getAddress();
    }

    /** An IPv4-mapped IPv6 address as a dual-stack socket reports it: 16 bytes, which InetAddress would shorten. */
    static byte[] mapped(int a, int b, int c, int d) {
        byte[] address = new byte[16];
        address[10] = (byte) 0xff;
        address[11] = (byte) 0xff;
        address[12] = (byte) a;
        address[13] = (byte) b;
        address[14] = (byte) c;
        address[15] = (byte) d;
        return address;
    }

    @Test
    void findsTheRegionOfAnIpv4AddressUpToThePrefixBoundaries() throws Exception {
        assertThat(regions.regionOf(ip("10.1.0.0"))).isEqualTo(0);
        assertThat(regions.regionOf(ip("10.1.255.255"))).isEqualTo(0);
        assertThat(regions.regionOf(ip("10.2.0.0"))).isEqualTo(1);
        assertThat(regions.regionOf(ip("10.3.128.7"))).isEqualTo(2);
        assertThat(regions.regionOf(ip("10.0.255.255"))).isEqualTo(-1);
        assertThat(regions.regionOf(ip("10.4.0.0"))).isEqualTo(-1);
        assertThat(regions.regionOf(ip("0.0.0.0"))).isEqualTo(-1);
        assertThat(regions.regionOf(ip("255.255.255.255"))).isEqualTo(-1);
    }

    @Test
    void findsTheRegionOfAnIpv6AddressUpToThePrefixBoundaries() throws Exception {
        assertThat(regions.regionOf(ip("2001:db8:1::"))).isEqualTo(0);
        assertThat(regions.regionOf(ip("2001:db8:1:ffff:ffff:ffff:ffff:ffff"))).isEqualTo(0);
        assertThat(regions.regionOf(ip("2001:db8:0:ffff:ffff:ffff:ffff:ffff"))).isEqualTo(-1);
        assertThat(regions.regionOf(ip("2001:db8:2::"))).isEqualTo(-1);
        assertThat(regions.regionOf(ip("::1"))).isEqualTo(-1);
    }

    @Test
    void readsAnIpv4MappedAddressAsItsIpv4Form() {
        assertThat(regions.regionOf(mapped(10, 2, 3, 4))).isEqualTo(1);
        assertThat(regions.regionOf(mapped(10, 9, 3, 4))).isEqualTo(-1);
    }

    @Test
    void aSlashZeroHoldsItsWholeFamilyAndNoOther() throws Exception {
        RegionMap all = new RegionMap(List.of(region("v4", "0.0.0.0/0"), region("v6", "::/0")));
        assertThat(all.regionOf(ip("0.0.0.0"))).isEqualTo(0);
        assertThat(all.regionOf(ip("255.255.255.255"))).isEqualTo(0);
        assertThat(all.regionOf(mapped(1, 2, 3, 4))).isEqualTo(0);
        assertThat(all.regionOf(ip("::"))).isEqualTo(1);
        assertThat(all.regionOf(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))).isEqualTo(1);

        RegionMap onlyV6 = new RegionMap(List.of(region("v6", "::/0")));
        assertThat(onlyV6.regionOf(ip("10.1.2.3"))).isEqualTo(-1);
        assertThat(onlyV6.regionOf(mapped(10, 1, 2, 3))).isEqualTo(-1);
    }

    @Test
    void placesAnAddressInNoRegionWhenTheMapIsEmptyOrTheLengthIsWrong() throws Exception {
        assertThat(RegionMap.EMPTY.regionOf(ip("10.1.2.3"))).isEqualTo(-1);
        assertThat(RegionMap.EMPTY.size()).isZero();
        assertThat(regions.regionOf(new byte[] {10, 1, 2})).isEqualTo(-1);
    }

    @Test
    void namesRegionsByIndex() {
        assertThat(regions.size()).isEqualTo(3);
        assertThat(regions.names()).containsExactly("eu-west", "eu-east", "us-east");
        assertThat(regions.name(2)).isEqualTo("us-east");
        assertThat(regions.indexOf("eu-east")).isEqualTo(1);
        assertThat(regions.indexOf("mars")).isEqualTo(-1);
    }

    @Test
    void refusesOverlappingPrefixesWithinAndAcrossRegions() {
        assertThatThrownBy(() -> new RegionMap(List.of(region("a", "10.0.0.0/8", "10.5.0.0/16"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.5.0.0/16");
        assertThatThrownBy(() -> new RegionMap(List.of(region("a", "10.1.0.0/16"), region("b", "10.1.0.0/16"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RegionMap(List.of(region("a", "2001:db8::/32"), region("b", "2001:db8:ff::1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("region b");
        assertThatThrownBy(() -> new RegionMap(List.of(region("a", "::ffff:10.0.0.0/104"), region("b", "10.3.0.0/16"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsTouchingPrefixesAndTheSamePrefixInTheOtherFamily() throws Exception {
        RegionMap touching =
                new RegionMap(List.of(region("a", "10.0.0.0/9"), region("b", "10.128.0.0/9"), region("c", "::/0")));
        assertThat(touching.regionOf(ip("10.127.255.255"))).isEqualTo(0);
        assertThat(touching.regionOf(ip("10.128.0.0"))).isEqualTo(1);
    }

    @Test
    void refusesTwoRegionsOfOneName() {
        assertThatThrownBy(() -> new RegionMap(List.of(region("a", "10.1.0.0/16"), region("a", "10.2.0.0/16"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("named a");
    }

    @Test
    void agreesWithCidrContainsForRandomPrefixesAndAddresses() {
        Random random = new Random(42);
        List<Cidr> prefixes = new ArrayList<>();
        while (prefixes.size() < 400) {
            boolean v6 = random.nextBoolean();
            byte[] network = new byte[v6 ? 16 : 4];
            random.nextBytes(network);
            network[0] = (byte) (v6 ? 0x20 : 10);
            int bits = 16 + random.nextInt(network.length * 8 - 15);
            clearFrom(network, bits);
            Cidr prefix = new Cidr(network, bits);
            if (prefixes.stream().noneMatch(prefix::overlaps)) {
                prefixes.add(prefix);
            }
        }
        List<RegionMap.Region> list = new ArrayList<>();
        for (int i = 0; i < prefixes.size(); i += 4) {
            list.add(new RegionMap.Region("r" + i, prefixes.subList(i, i + 4)));
        }
        RegionMap map = new RegionMap(list);
        int hits = 0;
        for (int i = 0; i < 20_000; i++) {
            Cidr near = prefixes.get(random.nextInt(prefixes.size()));
            byte[] address = near.network();
            // Flip one random bit: inside the prefix when it is a host bit, outside (or elsewhere) when not.
            int bit = random.nextInt(address.length * 8);
            address[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            int expected = -1;
            for (int p = 0; p < prefixes.size(); p++) {
                if (prefixes.get(p).contains(address)) {
                    expected = p / 4;
                }
            }
            assertThat(map.regionOf(address))
                    .as("%s", java.util.Arrays.toString(address))
                    .isEqualTo(expected);
            hits += expected >= 0 ? 1 : 0;
        }
        assertThat(hits).isBetween(5_000, 19_000);
    }

    private static void clearFrom(byte[] network, int bits) {
        for (int bit = bits; bit < network.length * 8; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
    }
}
