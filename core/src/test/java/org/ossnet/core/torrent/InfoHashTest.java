package org.ossnet.core.torrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InfoHashTest {

    // SHA-1("abc"), the FIPS 180 test vector.
    private static final String ABC_HEX = "a9993e364706816aba3e25717850c26c9cd0d89d";

    private static final InfoHash ABC = InfoHash.sha1Of("abc".getBytes(StandardCharsets.US_ASCII));

    @Test
    void hashesInfoBytesWithSha1() {
        assertThat(ABC.toHex()).isEqualTo(ABC_HEX);
        assertThat(ABC).hasToString(ABC_HEX);
    }

    @Test
    void parsesHexInEitherCase() {
        assertThat(InfoHash.fromHex(ABC_HEX.toUpperCase())).isEqualTo(ABC).hasSameHashCodeAs(ABC);
        assertThat(InfoHash.parse(ABC_HEX)).isEqualTo(ABC);
    }

    @Test
    void roundTripsThroughBase32() {
        String base32 = ABC.toBase32();
        assertThat(base32).hasSize(32).matches("[A-Z2-7]+");
        assertThat(InfoHash.fromBase32(base32)).isEqualTo(ABC);
        assertThat(InfoHash.parse(base32.toLowerCase())).isEqualTo(ABC);
    }

    @Test
    void encodesKnownBase32() {
        // RFC 4648 section 10 vectors, padded out to 20 bytes by checking a prefix.
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(Base32.decode("MZXW6YTBOI"))
                .asString(StandardCharsets.US_ASCII)
                .isEqualTo("foobar");
    }

    @Test
    void percentEncodesEveryByteButUnreservedOnes() {
        byte[] bytes = new byte[20];
        bytes[0] = 'a';
        bytes[1] = '~';
        bytes[2] = (byte) 0xff;
        bytes[3] = ' ';
        assertThat(InfoHash.of(bytes).toPercentEncoded())
                .startsWith("a~%FF%20%00%00")
                .hasSize(2 + 3 + 3 + 16 * 3);
    }

    @Test
    void doesNotShareItsBytes() {
        byte[] bytes = ABC.bytes();
        bytes[0] = 0;
        assertThat(ABC.toHex()).isEqualTo(ABC_HEX);
    }

    @Test
    void rejectsMalformedText() {
        assertThatThrownBy(() -> InfoHash.fromHex("abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InfoHash.fromHex("g".repeat(40))).hasMessageContaining("not a hex info-hash");
        assertThatThrownBy(() -> InfoHash.fromBase32("1".repeat(32))).hasMessageContaining("not a base32 character");
        assertThatThrownBy(() -> InfoHash.parse("a".repeat(39))).hasMessageContaining("40 digits");
        assertThatThrownBy(() -> InfoHash.of(new byte[19])).hasMessageContaining("20 bytes");
    }
}
