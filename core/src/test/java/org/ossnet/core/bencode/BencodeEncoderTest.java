package org.ossnet.core.bencode;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BencodeEncoderTest {

    static String encode(BValue value) {
        return new String(Bencode.encode(value), ISO_8859_1);
    }

    @Test
    void encodesScalarsCanonically() {
        assertThat(encode(BInteger.of(0))).isEqualTo("i0e");
        assertThat(encode(BInteger.of(-42))).isEqualTo("i-42e");
        assertThat(encode(BInteger.of(Long.MIN_VALUE))).isEqualTo("i-9223372036854775808e");
        assertThat(encode(BString.of("spam"))).isEqualTo("4:spam");
        assertThat(encode(BString.of(""))).isEqualTo("0:");
    }

    @Test
    void encodesUtf8TextByItsByteLength() {
        assertThat(Bencode.encode(BString.of("é"))).containsExactly('2', ':', 0xc3, 0xa9);
    }

    @Test
    void writesDictionaryKeysInRawByteOrderWhateverTheInsertionOrder() {
        Map<BString, BValue> entries = new LinkedHashMap<>();
        entries.put(BString.of("zeta"), BInteger.of(1));
        entries.put(BString.of(new byte[] {(byte) 0x80}), BInteger.of(3));
        entries.put(BString.of("alpha"), BList.of(BString.of("x")));
        assertThat(encode(BDictionary.of(entries))).isEqualTo("d5:alphal1:xe4:zetai1e1:\u0080i3ee");
    }

    @Test
    void keepsTheLastValuePutUnderAKey() {
        var dictionary = BDictionary.builder().put("a", 1).put("a", 2).build();
        assertThat(encode(dictionary)).isEqualTo("d1:ai2ee");
    }

    @Test
    void byteStringsCompareByContentAndDoNotLeakTheirArray() {
        byte[] source = {1, 2, 3};
        BString string = BString.of(source);
        source[0] = 9;
        string.bytes()[1] = 9;
        assertThat(string).isEqualTo(BString.of(new byte[] {1, 2, 3})).hasSameHashCodeAs(BString.of(new byte[] {1, 2, 3
        }));
        assertThat(string.toString()).contains("hex=010203");
        assertThat(BString.of("abc")).hasToString("BString[\"abc\"]");
    }

    @Test
    void decodedAndBuiltDictionariesAreEqualDespiteSpans() {
        var built = BDictionary.builder().put("k", "v").build();
        var decoded = Bencode.decode("d1:k1:ve".getBytes(ISO_8859_1));
        assertThat(decoded).isEqualTo(built).hasSameHashCodeAs(built);
        assertThat(built.rawSpan("k")).isEmpty();
    }
}
