package org.ossnet.core.bencode;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BencodeDecoderTest {

    static BValue decode(String input) {
        return Bencode.decode(input.getBytes(ISO_8859_1));
    }

    static BValue decode(String input, BencodeLimits limits) {
        return Bencode.decode(input.getBytes(ISO_8859_1), limits);
    }

    @Nested
    class CorrectData {

        @Test
        void decodesIntegers() {
            assertThat(decode("i0e")).isEqualTo(BInteger.of(0));
            assertThat(decode("i42e")).isEqualTo(BInteger.of(42));
            assertThat(decode("i-7e")).isEqualTo(BInteger.of(-7));
            assertThat(decode("i9223372036854775807e")).isEqualTo(BInteger.of(Long.MAX_VALUE));
            assertThat(decode("i-9223372036854775808e")).isEqualTo(BInteger.of(Long.MIN_VALUE));
        }

        @Test
        void decodesByteStringsIncludingEmptyAndBinary() {
            assertThat(decode("4:spam")).isEqualTo(BString.of("spam"));
            assertThat(decode("0:")).isEqualTo(BString.of(""));
            assertThat(Bencode.decode(new byte[] {'2', ':', (byte) 0xff, 0}))
                    .isEqualTo(BString.of(new byte[] {(byte) 0xff, 0}));
        }

        @Test
        void decodesNestedListsAndDictionaries() {
            assertThat(decode("l4:spami42ee")).isEqualTo(BList.of(BString.of("spam"), BInteger.of(42)));
            assertThat(decode("le")).isEqualTo(BList.of());
            assertThat(decode("de")).isEqualTo(BDictionary.empty());
            assertThat(decode("d3:cow3:moo4:spaml1:a1:bee"))
                    .isEqualTo(BDictionary.builder()
                            .put("cow", "moo")
                            .put("spam", BList.of(BString.of("a"), BString.of("b")))
                            .build());
        }

        @Test
        void ordersDictionaryKeysByUnsignedBytes() {
            // 0x7f sorts before 0x80 only when bytes compare unsigned, as BEP 3's "raw strings" demand.
            byte[] input = {'d', '1', ':', 0x7f, 'i', '1', 'e', '1', ':', (byte) 0x80, 'i', '2', 'e', 'e'};
            BDictionary dictionary = (BDictionary) Bencode.decode(input);
            assertThat(dictionary.entries().keySet())
                    .containsExactly(BString.of(new byte[] {0x7f}), BString.of(new byte[] {(byte) 0x80}));
        }

        @Test
        void remembersTheRawSpanOfEachDictionaryValue() {
            String input = "d4:infod4:name1:xe5:valuei7ee";
            BDictionary dictionary = (BDictionary) decode(input);
            ByteSpan info = dictionary.rawSpan("info").orElseThrow();
            assertThat(new String(info.copyFrom(input.getBytes(ISO_8859_1)), ISO_8859_1))
                    .isEqualTo("d4:name1:xe");
            assertThat(dictionary.rawSpan("value")).contains(new ByteSpan(25, 3));
            assertThat(dictionary.rawSpan("absent")).isEmpty();
        }

        @Test
        void acceptsInputExactlyAtTheLimits() {
            var limits = new BencodeLimits(9, 2, 3, 3);
            assertThat(decode("ll3:abcee", limits)).isEqualTo(BList.of(BList.of(BString.of("abc"))));
        }
    }

    @Nested
    class InsufficientData {

        @ParameterizedTest(name = "{0}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "''|0",
                    "i|1",
                    "i42|3",
                    "i-|2",
                    "4:spa|0",
                    "4|1",
                    "l|1",
                    "l4:spam|7",
                    "d|1",
                    "d3:cow|6",
                    "d3:cow3:moo|11"
                })
        void rejectsTruncatedInputAtTheOffsetWhereItEnds(String input, long offset) {
            assertThatThrownBy(() -> decode(input))
                    .isInstanceOfSatisfying(
                            BencodeException.class, e -> assertThat(e.offset()).isEqualTo(offset))
                    .hasMessageContaining("at byte offset " + offset);
        }

        @Test
        void reportsAStringRunningPastTheEnd() {
            assertThatThrownBy(() -> decode("l10:shorte"))
                    .hasMessage("string of 10 bytes runs past the end of input (6 left) at byte offset 1");
        }
    }

    @Nested
    class InvalidData {

        @ParameterizedTest(name = "{0}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "i-0e|2|negative zero",
                    "i03e|1|leading zero",
                    "i-03e|2|negative zero",
                    "ie|1|integer without digits",
                    "i-e|2|integer without digits",
                    "i1.5e|2|expected 'e' after integer",
                    "i+1e|1|integer without digits",
                    "i9223372036854775808e|1|does not fit in 64 bits",
                    "i-9223372036854775809e|2|does not fit in 64 bits",
                    "i99999999999999999999e|1|does not fit in 64 bits",
                    "03:abc|0|string length with a leading zero",
                    "00:|0|string length with a leading zero",
                    "-1:a|0|unexpected byte '-'",
                    "3abc|1|expected ':' after string length",
                    "x|0|unexpected byte 'x'",
                    "d1:bi1e1:ai2ee|7|out of order",
                    "d1:ai1e1:ai2ee|7|duplicate dictionary key",
                    "di1e1:ae|1|dictionary key must be a byte string",
                    "d1:ae|4|unexpected byte 'e', expected a value",
                    "i1ei2e|3|trailing bytes",
                    "4:spamx|6|trailing bytes",
                    "lee|2|trailing bytes",
                })
        void rejectsNonCanonicalOrMalformedInputNamingTheOffset(String input, long offset, String reason) {
            assertThatThrownBy(() -> decode(input))
                    .isInstanceOfSatisfying(
                            BencodeException.class, e -> assertThat(e.offset()).isEqualTo(offset))
                    .hasMessageContaining(reason)
                    .hasMessageEndingWith("at byte offset " + offset);
        }

        @Test
        void rejectsAKeyThatIsAPrefixOfThePreviousKey() {
            assertThatThrownBy(() -> decode("d2:abi1e1:ai2ee")).hasMessageContaining("out of order");
        }

        @Test
        void describesNonPrintableBytesInHex() {
            assertThatThrownBy(() -> Bencode.decode(new byte[] {(byte) 0xfe}))
                    .hasMessage("unexpected byte 0xfe, expected a value at byte offset 0");
        }

        @Test
        void rejectsANonDictionaryWhereADictionaryIsRequired() {
            assertThatThrownBy(() -> Bencode.decodeDictionary("le".getBytes(ISO_8859_1), BencodeLimits.DEFAULT))
                    .isInstanceOf(BencodeException.class)
                    .hasMessageContaining("expected a dictionary");
        }
    }

    @Nested
    class Limits {

        private final BencodeLimits small = new BencodeLimits(1024, 4, 16, 64);

        @Test
        void rejectsAHugeDeclaredStringByTheLimitBeforeAllocating() {
            assertThatThrownBy(() -> decode("9999999999:", small))
                    .isInstanceOf(BencodeException.class)
                    .hasMessage("string length exceeds the limit of 64 bytes at byte offset 0");
            assertThatThrownBy(() -> decode("99999999999999999999999999:"))
                    .hasMessageContaining("string length exceeds the limit");
        }

        @Test
        void rejectsADeclaredStringLongerThanTheRemainingInput() {
            assertThatThrownBy(() -> decode("60:abc", small)).hasMessageContaining("runs past the end of input");
        }

        @Test
        void rejectsDeepNestingByTheLimit() {
            assertThatThrownBy(() -> decode("lllllee", small))
                    .hasMessage("nesting deeper than the limit of 4 at byte offset 4");
            String deep = "l".repeat(100_000);
            assertThatThrownBy(() -> decode(deep, BencodeLimits.DEFAULT.withMaxInputBytes(200_000)))
                    .hasMessageContaining("nesting deeper than the limit of 32");
        }

        @Test
        void rejectsTooManyElements() {
            String many = "l" + "i1e".repeat(16) + "e";
            assertThatThrownBy(() -> decode(many, small)).hasMessageContaining("more than the limit of 16 elements");
        }

        @Test
        void countsDictionaryKeysAsElements() {
            assertThatThrownBy(() -> decode("d1:ai1e1:bi1ee", small.withMaxElements(4)))
                    .hasMessageContaining("elements at byte offset 10");
        }

        @Test
        void rejectsOversizedInputBeforeReadingIt() {
            byte[] input = ("l" + "i1e".repeat(400) + "e").getBytes(ISO_8859_1);
            assertThatThrownBy(() -> Bencode.decode(input, small))
                    .hasMessage("input of 1202 bytes exceeds the limit of 1024 bytes at byte offset 1024");
        }

        @Test
        void refusesLimitsBeyondTheSupportedDepth() {
            assertThatThrownBy(() -> BencodeLimits.DEFAULT.withMaxDepth(BencodeLimits.MAX_SUPPORTED_DEPTH + 1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(List.of(BencodeLimits.DEFAULT.maxDepth())).containsExactly(BencodeLimits.DEFAULT_MAX_DEPTH);
        }
    }
}
