package org.ossnet.announce.listener;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.ossnet.announce.protocol.BencodeWriter;

/** The replies a listener loop builds for one connection before writing them: a growable byte array, reused. */
final class ReplyBuffer {

    private byte[] bytes;
    private int size;

    ReplyBuffer(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    ReplyBuffer put(byte[] data) {
        ensure(data.length);
        System.arraycopy(data, 0, bytes, size, data.length);
        size += data.length;
        return this;
    }

    /** Appends what {@code body} holds. */
    ReplyBuffer put(BencodeWriter body) {
        ensure(body.size());
        body.copyTo(bytes, size);
        size += body.size();
        return this;
    }

    /** Appends a string of ASCII characters, one byte each. */
    ReplyBuffer ascii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
        return this;
    }

    /** Appends a non-negative number in decimal. */
    ReplyBuffer decimal(int value) {
        int digits = 1;
        for (int rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        ensure(digits);
        for (int at = size + digits - 1; at >= size; at--) {
            bytes[at] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += digits;
        return this;
    }

    /** A view of the content, valid until the next change. */
    ByteBuffer view() {
        return ByteBuffer.wrap(bytes, 0, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
