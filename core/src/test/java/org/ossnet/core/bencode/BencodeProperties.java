package org.ossnet.core.bencode;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/** Fuzzes the decoder: bencode is read from untrusted peers and trackers, so no input may escape as another error. */
class BencodeProperties {

    private static final BencodeLimits SMALL = new BencodeLimits(4096, 8, 256, 512);

    @Property(tries = 1000)
    void decodingAnEncodedValueGivesItBack(@ForAll("values") BValue value) {
        byte[] encoded = Bencode.encode(value);
        assertThat(Bencode.decode(encoded)).isEqualTo(value);
    }

    @Property(tries = 2000)
    void arbitraryBytesDecodeOrFailWithBencodeExceptionOnly(@ForAll("noise") byte[] input) {
        decodeOrReject(input, BencodeLimits.DEFAULT);
        decodeOrReject(input, SMALL);
    }

    @Property(tries = 2000)
    void mutatedEncodingsDecodeOrFailWithBencodeExceptionOnly(@ForAll("mutants") byte[] input) {
        decodeOrReject(input, SMALL);
    }

    @Property(tries = 2000)
    void everyAcceptedInputIsCanonical(@ForAll("mutants") byte[] input) {
        BValue value = decodeOrReject(input, BencodeLimits.DEFAULT);
        if (value != null) {
            assertThat(Bencode.encode(value)).isEqualTo(input);
        }
    }

    @Property(tries = 200)
    void hugeDeclaredStringsAreRejectedByTheLimit(
            @ForAll @IntRange(min = 513, max = Integer.MAX_VALUE) int declared, @ForAll("noise") byte[] tail) {
        byte[] input = concat((declared + ":").getBytes(ISO_8859_1), tail);
        assertThatThrownBy(() -> Bencode.decode(input, SMALL)).hasMessageContaining("exceeds the limit");
    }

    @Property(tries = 50)
    void deepNestingIsRejectedByTheLimit(@ForAll @IntRange(min = 9, max = 100_000) int depth, @ForAll boolean dicts) {
        // A dictionary's values may be containers too, so "d1:a" nests as deeply as "l".
        byte[] input = (dicts ? "d1:a" : "l").repeat(depth).getBytes(ISO_8859_1);
        var limits = SMALL.withMaxInputBytes(input.length);
        assertThatThrownBy(() -> Bencode.decode(input, limits)).hasMessageContaining("nesting deeper than the limit");
    }

    private static BValue decodeOrReject(byte[] input, BencodeLimits limits) {
        try {
            return Bencode.decode(input, limits);
        } catch (BencodeException e) {
            assertThat(e.offset()).isBetween(0L, (long) Math.max(input.length, limits.maxInputBytes()));
            return null;
        }
    }

    @Provide
    Arbitrary<BValue> values() {
        return value(3);
    }

    private static Arbitrary<BValue> value(int depth) {
        Arbitrary<BValue> leaf = Arbitraries.oneOf(
                Arbitraries.longs().map(BInteger::of),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(24).map(BString::of));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<BValue> child = value(depth - 1);
        Arbitrary<BString> keys =
                Arbitraries.bytes().array(byte[].class).ofMaxSize(6).map(BString::of);
        return Arbitraries.frequencyOf(
                Tuple.of(3, leaf),
                Tuple.of(1, child.list().ofMaxSize(4).map(BList::new)),
                Tuple.of(1, Arbitraries.maps(keys, child).ofMaxSize(4).map(BDictionary::of)));
    }

    /** Bytes biased toward bencode's own alphabet, so the fuzzing reaches past the first byte. */
    @Provide
    Arbitrary<byte[]> noise() {
        Arbitrary<Byte> tokens =
                Arbitraries.frequencyOf(Tuple.of(8, alphabet("ilde0123456789:-")), Tuple.of(1, Arbitraries.bytes()));
        return tokens.array(byte[].class).ofMaxSize(64);
    }

    /** Valid encodings with one byte changed, inserted or removed: near misses are where parsers break. */
    @Provide
    Arbitrary<byte[]> mutants() {
        return Combinators.combine(
                        values().map(Bencode::encode),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().greaterOrEqual(0),
                        alphabet("ilde0123456789:-x"))
                .as(BencodeProperties::mutate);
    }

    private static byte[] mutate(byte[] valid, int kind, int where, byte replacement) {
        int at = where % (valid.length + 1);
        return switch (kind) {
            case 0 -> concat(Arrays.copyOf(valid, at), concat(new byte[] {replacement}, tail(valid, at)));
            case 1 -> at < valid.length ? concat(Arrays.copyOf(valid, at), tail(valid, at + 1)) : valid;
            default -> {
                byte[] copy = valid.clone();
                if (at < copy.length) {
                    copy[at] = replacement;
                }
                yield copy;
            }
        };
    }

    private static Arbitrary<Byte> alphabet(String symbols) {
        return Arbitraries.of(symbols.chars().mapToObj(c -> (byte) c).toList());
    }

    private static byte[] tail(byte[] bytes, int from) {
        return Arrays.copyOfRange(bytes, from, bytes.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
