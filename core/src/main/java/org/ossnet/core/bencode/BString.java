package org.ossnet.core.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A bencoded byte string, {@code <length>:<bytes>}; immutable, compared by content in raw (unsigned) byte order.
 *
 * <p>A class rather than a record because a record over an array would compare by identity and leak the array; the
 * decoder also hands over freshly read arrays without a second copy.
 */
public final class BString implements BValue, Comparable<BString> {

    private final byte[] bytes;

    private BString(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A byte string holding a copy of {@code bytes}. */
    public static BString of(byte[] bytes) {
        return new BString(bytes.clone());
    }

    /** A byte string holding the UTF-8 encoding of {@code text}. */
    public static BString of(String text) {
        return new BString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Takes ownership of an array nobody else holds; only for the decoder. */
    static BString wrap(byte[] bytes) {
        return new BString(bytes);
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The number of bytes. */
    public int length() {
        return bytes.length;
    }

    /** The bytes decoded as UTF-8, with malformed sequences replaced; see the metainfo parser for strict decoding. */
    public String asUtf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The internal array, for package code that promises not to modify it. */
    byte[] unsafeBytes() {
        return bytes;
    }

    @Override
    public int compareTo(BString other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BString other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Printable ASCII as text, anything else as hex, so that logs of binary strings stay readable. */
    @Override
    public String toString() {
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7e) {
                return "BString[hex=" + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 64))
                        + (bytes.length > 64 ? "..." : "") + ", length=" + bytes.length + "]";
            }
        }
        return "BString[\"" + new String(bytes, StandardCharsets.US_ASCII) + "\"]";
    }
}
