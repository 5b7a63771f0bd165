package org.ossnet.announce.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes bencoded replies straight into one growing byte array, without a value tree. The caller
 * writes dictionary keys in ascending byte order, as bencode requires.
 */
public final class BencodeWriter {

    private byte[] buffer;
    private int size;

    /** A writer whose buffer starts with room for {@code capacity} bytes. */
    public BencodeWriter(int capacity) {
        buffer = new byte[Math.max(16, capacity)];
    }

    /** Starts a dictionary ({@code d}). */
    public BencodeWriter dictionary() {
        return raw((byte) 'd');
    }

    /** Starts a list ({@code l}). */
    public BencodeWriter list() {
        return raw((byte) 'l');
    }

    /** Ends the innermost dictionary or list ({@code e}). */
    public BencodeWriter end() {
        return raw((byte) 'e');
    }

    /** An ASCII key or string. */
    public BencodeWriter string(String ascii) {
        number(ascii.length()).raw((byte) ':');
        ensure(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            buffer[size++] = (byte) ascii.charAt(i);
        }
        return this;
    }

    /** A UTF-8 text string. */
    public BencodeWriter text(String text) {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A byte string. */
    public BencodeWriter bytes(byte[] bytes) {
        return bytes(bytes, 0, bytes.length);
    }

    /** A byte string from part of an array. */
    public BencodeWriter bytes(byte[] bytes, int offset, int length) {
        number(length).raw((byte) ':');
        ensure(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
        return this;
    }

    /** An integer ({@code i42e}). */
    public BencodeWriter integer(long value) {
        return raw((byte) 'i').number(value).raw((byte) 'e');
    }

    /** Splices in a value that is already bencoded. */
    public BencodeWriter rawValue(byte[] encoded) {
        ensure(encoded.length);
        System.arraycopy(encoded, 0, buffer, size, encoded.length);
        size += encoded.length;
        return this;
    }

    /** Splices in what another writer holds, already bencoded. */
    public BencodeWriter rawValue(BencodeWriter encoded) {
        ensure(encoded.size);
        System.arraycopy(encoded.buffer, 0, buffer, size, encoded.size);
        size += encoded.size;
        return this;
    }

    /** The bytes written so far. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    /** How many bytes were written. */
    public int size() {
        return size;
    }

    /** Copies the bytes written so far to {@code target} from {@code offset}, which must have room for them. */
    public void copyTo(byte[] target, int offset) {
        System.arraycopy(buffer, 0, target, offset, size);
    }

    /** Forgets what was written, keeping the buffer, so one writer serves reply after reply. */
    public BencodeWriter reset() {
        size = 0;
        return this;
    }

    private BencodeWriter number(long value) {
        if (value < 0) {
            raw((byte) '-');
            if (value == Long.MIN_VALUE) {
                return string0("9223372036854775808");
            }
            value = -value;
        }
        ensure(20);
        int start = size;
        do {
            buffer[size++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value != 0);
        for (int i = start, j = size - 1; i < j; i++, j--) {
            byte t = buffer[i];
            buffer[i] = buffer[j];
            buffer[j] = t;
        }
        return this;
    }

    private BencodeWriter string0(String digits) {
        ensure(digits.length());
        for (int i = 0; i < digits.length(); i++) {
            buffer[size++] = (byte) digits.charAt(i);
        }
        return this;
    }

    private BencodeWriter raw(byte b) {
        ensure(1);
        buffer[size++] = b;
        return this;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
