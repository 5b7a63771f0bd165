package org.ossnet.core.torrent;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A BitTorrent v1 info-hash: the SHA-1 of the bencoded info dictionary, which names a swarm.
 *
 * <p>A class rather than a record so that the 20 bytes are compared by content and never leaked for mutation.
 */
public final class InfoHash {

    /** The length of a SHA-1 digest. */
    public static final int LENGTH = 20;

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private InfoHash(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The info-hash with the given 20 bytes. */
    public static InfoHash of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("an info-hash has 20 bytes, not " + bytes.length);
        }
        return new InfoHash(bytes.clone());
    }

    /** The info-hash of an info dictionary given as the exact bencoded bytes it is known by. */
    public static InfoHash sha1Of(byte[] bencodedInfo) {
        return new InfoHash(sha1().digest(bencodedInfo));
    }

    /** Parses 40 hexadecimal digits, in either case. */
    public static InfoHash fromHex(String hex) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("a hex info-hash has 40 digits, not " + hex.length());
        }
        try {
            return new InfoHash(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a hex info-hash: " + hex, e);
        }
    }

    /** Parses 32 base32 characters (RFC 4648, either case), the other form magnet links use. */
    public static InfoHash fromBase32(String base32) {
        if (base32.length() != 32) {
            throw new IllegalArgumentException("a base32 info-hash has 32 characters, not " + base32.length());
        }
        return new InfoHash(Base32.decode(base32));
    }

    /** Parses either form, told apart by length as magnet links do. */
    public static InfoHash parse(String text) {
        return text.length() == 32 ? fromBase32(text) : fromHex(text);
    }

    /** A copy of the 20 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Lower-case hexadecimal, as clients display it. */
    public String toHex() {
        return HEX.formatHex(bytes);
    }

    /** Upper-case RFC 4648 base32 without padding. */
    public String toBase32() {
        return Base32.encode(bytes);
    }

    /** Every byte percent-encoded except unreserved characters: the {@code info_hash} parameter of an announce. */
    public String toPercentEncoded() {
        return PercentEncoding.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InfoHash other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }

    static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-1", e);
        }
    }
}
