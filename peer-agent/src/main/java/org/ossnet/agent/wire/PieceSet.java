package org.ossnet.agent.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * A set of piece indexes of one torrent, {@code 0 <= index < size}, one bit per piece: what a peer has, what this side
 * has verified, what is wanted.
 *
 * <p>Mutable, like {@link java.util.BitSet}, because a picker updates it once per {@code have}; messages that carry one
 * copy it on the way in and out. Unlike {@code BitSet} it knows its size, so it can convert to and from the wire form
 * of a {@code bitfield} exactly:
 *
 * <pre>
 * pieces {0, 2, 9} of 10:   byte 0 = 1010 0000 = 0xa0   byte 1 = 0100 0000 = 0x40
 * </pre>
 *
 * The high bit of the first byte is piece 0, and the spare bits at the end of the last byte are zero.
 */
public final class PieceSet {

    private final int size;
    private final long[] words;

    /** An empty set of a torrent of {@code size} pieces. */
    public PieceSet(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        this.size = size;
        this.words = new long[(int) ((size + 63L) >>> 6)];
    }

    private PieceSet(int size, long[] words) {
        this.size = size;
        this.words = words;
    }

    /** The full set of a torrent of {@code size} pieces, as a seed has it. */
    public static PieceSet full(int size) {
        var set = new PieceSet(size);
        set.setRange(0, size);
        return set;
    }

    /**
     * The set a {@code bitfield} payload describes.
     *
     * @throws WireProtocolException if {@code bytes} does not have exactly {@code ceil(size / 8)} bytes, or a spare
     *     bit after the last piece is set
     */
    public static PieceSet fromWire(byte[] bytes, int size) {
        return fromWire(bytes, 0, bytes.length, size);
    }

    static PieceSet fromWire(byte[] bytes, int offset, int length, int size) {
        var set = new PieceSet(size);
        if (length != (int) ((size + 7L) >>> 3)) {
            throw new WireProtocolException(
                    "bitfield of " + length + " bytes for " + size + " pieces, expected " + ((size + 7L) >>> 3));
        }
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + i] & 0xff;
            // Bit 7 of byte i is piece 8i; a long's bit j is piece 64w + j.
            set.words[i >>> 3] |= (long) Integer.reverse(b << 24) << ((i & 7) << 3);
        }
        int spare = length * 8 - size;
        if (spare > 0 && (bytes[offset + length - 1] & ((1 << spare) - 1)) != 0) {
            throw new WireProtocolException("bitfield has spare bits set after the last of " + size + " pieces");
        }
        return set;
    }

    /** The wire form of this set: {@code ceil(size / 8)} bytes, big-endian bit order, spare bits clear. */
    public byte[] toWire() {
        byte[] out = new byte[wireLength()];
        writeWire(out, 0);
        return out;
    }

    int wireLength() {
        return (int) ((size + 7L) >>> 3);
    }

    void writeWire(byte[] out, int offset) {
        int length = wireLength();
        for (int i = 0; i < length; i++) {
            int b = (int) (words[i >>> 3] >>> ((i & 7) << 3)) & 0xff;
            out[offset + i] = (byte) (Integer.reverse(b) >>> 24);
        }
    }

    /** The number of pieces of the torrent, set or not. */
    public int size() {
        return size;
    }

    /** Whether piece {@code index} is in the set. */
    public boolean get(int index) {
        checkIndex(index);
        return (words[index >>> 6] & (1L << index)) != 0;
    }

    /** Adds piece {@code index}. */
    public void set(int index) {
        checkIndex(index);
        words[index >>> 6] |= 1L << index;
    }

    /** Removes piece {@code index}. */
    public void clear(int index) {
        checkIndex(index);
        words[index >>> 6] &= ~(1L << index);
    }

    /** Adds pieces {@code from} (inclusive) to {@code to} (exclusive). */
    public void setRange(int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        for (int i = from; i < to; i++) {
            words[i >>> 6] |= 1L << i;
        }
    }

    /** The number of pieces in the set. */
    public int cardinality() {
        int n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    /** Whether every piece is in the set. */
    public boolean isFull() {
        return cardinality() == size;
    }

    /** Whether no piece is in the set. */
    public boolean isEmpty() {
        for (long w : words) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    /** The lowest index at or after {@code from} that is in the set, or -1 if there is none. */
    public int nextSetBit(int from) {
        if (from < 0) {
            throw new IndexOutOfBoundsException("from < 0: " + from);
        }
        if (from >= size) {
            return -1;
        }
        int w = from >>> 6;
        long word = words[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                int index = (w << 6) + Long.numberOfTrailingZeros(word);
                return index < size ? index : -1;
            }
            if (++w == words.length) {
                return -1;
            }
            word = words[w];
        }
    }

    /** The lowest index at or after {@code from} that is not in the set, or -1 if every piece from there is. */
    public int nextClearBit(int from) {
        if (from < 0) {
            throw new IndexOutOfBoundsException("from < 0: " + from);
        }
        if (from >= size) {
            return -1;
        }
        int w = from >>> 6;
        long word = ~words[w] & (-1L << from);
        while (true) {
            if (word != 0) {
                int index = (w << 6) + Long.numberOfTrailingZeros(word);
                return index < size ? index : -1;
            }
            if (++w == words.length) {
                return -1;
            }
            word = ~words[w];
        }
    }

    /** An independent copy. */
    public PieceSet copy() {
        return new PieceSet(size, words.clone());
    }

    private void checkIndex(int index) {
        Objects.checkIndex(index, size);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PieceSet other && size == other.size && Arrays.equals(words, other.words);
    }

    @Override
    public int hashCode() {
        return 31 * size + Arrays.hashCode(words);
    }

    /** The size and the cardinality, not every index: a set can have a million pieces. */
    @Override
    public String toString() {
        return "PieceSet[" + cardinality() + " of " + size + "]";
    }
}
