package org.ossnet.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Checks prefix matching against plain integer arithmetic and that every prefix prints as text that parses back. */
class CidrProperties {

    @Property(tries = 1000)
    void containsExactlyTheAddressesThatAgreeOnThePrefixBits(
            @ForAll("addresses") byte[] network,
            @ForAll("addresses") byte[] address,
            @ForAll @IntRange(max = 128) int bits) {
        if (network.length != address.length) {
            return;
        }
        int prefix = Math.min(bits, network.length * 8);
        Cidr cidr = new Cidr(masked(network, prefix), prefix);
        int shift = network.length * 8 - prefix;
        boolean agree =
                new BigInteger(1, network).shiftRight(shift).equals(new BigInteger(1, address).shiftRight(shift));
        assertThat(cidr.contains(address)).isEqualTo(agree && !IpAddresses.isMapped(address));
    }

    @Property(tries = 1000)
    void parsesWhatItPrints(@ForAll("addresses") byte[] network, @ForAll @IntRange(max = 128) int bits) {
        int prefix = Math.min(bits, network.length * 8);
        Cidr cidr = new Cidr(masked(network, prefix), prefix);
        if (IpAddresses.isMapped(cidr.network())) {
            return;
        }
        assertThat(Cidr.parse(cidr.toString())).isEqualTo(cidr);
    }

    @Property(tries = 500)
    void matchesAnIpv4AddressAndItsMappedFormAlike(
            @ForAll("ipv4") byte[] network, @ForAll("ipv4") byte[] address, @ForAll @IntRange(max = 32) int prefix)
            throws UnknownHostException {
        Cidr cidr = new Cidr(masked(network, prefix), prefix);
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(address, 0, mapped, 12, 4);
        assertThat(cidr.contains(mapped)).isEqualTo(cidr.contains(InetAddress.getByAddress(address)));
    }

    @Property(tries = 2000)
    void arbitraryTextParsesOrFailsWithIllegalArgumentOnly(@ForAll("noise") String text) {
        try {
            Cidr cidr = Cidr.parse(text);
            assertThat(Cidr.parse(cidr.toString())).isEqualTo(cidr);
        } catch (IllegalArgumentException e) {
            assertThat(e).hasMessageStartingWith("invalid CIDR");
        }
    }

    @Provide
    Arbitrary<byte[]> addresses() {
        return Arbitraries.oneOf(ipv4(), Arbitraries.bytes().array(byte[].class).ofSize(16));
    }

    @Provide
    Arbitrary<byte[]> ipv4() {
        return Arbitraries.bytes().array(byte[].class).ofSize(4);
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.strings()
                .withChars("0123456789abcdefABCDEF:./%[] x-")
                .ofMaxLength(48);
    }

    private static byte[] masked(byte[] address, int prefix) {
        byte[] network = address.clone();
        for (int bit = prefix; bit < network.length * 8; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return network;
    }
}
