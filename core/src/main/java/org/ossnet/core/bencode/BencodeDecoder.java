package org.ossnet.core.bencode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A recursive-descent decoder over one input array, used once.
 *
 * <p>It accepts only canonical bencode and checks every limit before acting on what the input claims: a declared
 * string length is compared with the limit and with the bytes remaining before any array is allocated, and nesting is
 * bounded by {@link BencodeLimits#maxDepth()}, which itself has a hard ceiling, so recursion cannot exhaust the stack.
 */
final class BencodeDecoder {

    private final byte[] in;
    private final BencodeLimits limits;
    private int pos;
    private int elements;

    BencodeDecoder(byte[] input, BencodeLimits limits) {
        this.in = input;
        this.limits = limits;
    }

    BValue decodeWhole() {
        if (in.length > limits.maxInputBytes()) {
            throw new BencodeException(
                    "input of " + in.length + " bytes exceeds the limit of " + limits.maxInputBytes() + " bytes",
                    limits.maxInputBytes());
        }
        BValue value = value(1);
        if (pos != in.length) {
            throw new BencodeException("trailing bytes after the top-level value", pos);
        }
        return value;
    }

    private BValue value(int depth) {
        countElement();
        int b = peek();
        return switch (b) {
            case 'i' -> integer();
            case 'l' -> list(depth);
            case 'd' -> dictionary(depth);
            default -> {
                if (isDigit(b)) {
                    yield string();
                }
                throw new BencodeException("unexpected byte " + describe(b) + ", expected a value", pos);
            }
        };
    }

    private BInteger integer() {
        pos++; // 'i'
        boolean negative = peek() == '-';
        if (negative) {
            pos++;
        }
        int firstDigit = pos;
        if (!isDigit(peek())) {
            throw new BencodeException("integer without digits", pos);
        }
        if (in[firstDigit] == '0') {
            if (negative) {
                throw new BencodeException("negative zero is not canonical", firstDigit);
            }
            if (pos + 1 < in.length && isDigit(in[pos + 1])) {
                throw new BencodeException("integer with a leading zero", firstDigit);
            }
        }
        // Accumulate negatively so that Long.MIN_VALUE, which has no positive counterpart, is representable.
        long acc = 0;
        while (isDigit(peek())) {
            int digit = in[pos] - '0';
            if (acc < (Long.MIN_VALUE + digit) / 10) {
                throw new BencodeException("integer does not fit in 64 bits", firstDigit);
            }
            acc = acc * 10 - digit;
            pos++;
        }
        if (!negative && acc == Long.MIN_VALUE) {
            throw new BencodeException("integer does not fit in 64 bits", firstDigit);
        }
        expect('e', "integer");
        return new BInteger(negative ? acc : -acc);
    }

    private BString string() {
        int start = pos;
        if (in[pos] == '0' && pos + 1 < in.length && isDigit(in[pos + 1])) {
            throw new BencodeException("string length with a leading zero", start);
        }
        long length = 0;
        while (isDigit(peek())) {
            length = length * 10 + (in[pos] - '0');
            // Checked per digit, so that the count never overflows whatever the input claims.
            if (length > limits.maxStringLength()) {
                throw new BencodeException(
                        "string length exceeds the limit of " + limits.maxStringLength() + " bytes", start);
            }
            pos++;
        }
        expect(':', "string length");
        if (length > in.length - pos) {
            throw new BencodeException(
                    "string of " + length + " bytes runs past the end of input (" + (in.length - pos) + " left)",
                    start);
        }
        int end = pos + (int) length;
        byte[] bytes = Arrays.copyOfRange(in, pos, end);
        pos = end;
        return BString.wrap(bytes);
    }

    private BList list(int depth) {
        enter(depth);
        List<BValue> values = new ArrayList<>();
        while (peek() != 'e') {
            values.add(value(depth + 1));
        }
        pos++;
        return new BList(values);
    }

    private BDictionary dictionary(int depth) {
        enter(depth);
        TreeMap<BString, BValue> entries = new TreeMap<>();
        Map<BString, ByteSpan> spans = new HashMap<>();
        BString previous = null;
        while (peek() != 'e') {
            int keyStart = pos;
            if (!isDigit(in[pos])) {
                throw new BencodeException("dictionary key must be a byte string, found " + describe(in[pos]), pos);
            }
            countElement();
            BString key = string();
            if (previous != null) {
                int order = previous.compareTo(key);
                if (order == 0) {
                    throw new BencodeException("duplicate dictionary key " + key, keyStart);
                }
                if (order > 0) {
                    throw new BencodeException("dictionary key " + key + " out of order", keyStart);
                }
            }
            int valueStart = pos;
            entries.put(key, value(depth + 1));
            spans.put(key, new ByteSpan(valueStart, pos - valueStart));
            previous = key;
        }
        pos++;
        return new BDictionary(entries, spans);
    }

    private void enter(int depth) {
        if (depth > limits.maxDepth()) {
            throw new BencodeException("nesting deeper than the limit of " + limits.maxDepth(), pos);
        }
        pos++; // 'l' or 'd'
    }

    private void countElement() {
        if (++elements > limits.maxElements()) {
            throw new BencodeException("more than the limit of " + limits.maxElements() + " elements", pos);
        }
    }

    private int peek() {
        if (pos >= in.length) {
            throw new BencodeException("unexpected end of input", pos);
        }
        return in[pos];
    }

    private void expect(char expected, String after) {
        int b = peek();
        if (b != expected) {
            throw new BencodeException("expected '" + expected + "' after " + after + ", found " + describe(b), pos);
        }
        pos++;
    }

    private static boolean isDigit(int b) {
        return b >= '0' && b <= '9';
    }

    private static String describe(int b) {
        int unsigned = b & 0xff;
        return unsigned >= 0x20 && unsigned < 0x7f ? "'" + (char) unsigned + "'" : String.format("0x%02x", unsigned);
    }
}
