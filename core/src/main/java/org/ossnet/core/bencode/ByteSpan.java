package org.ossnet.core.bencode;

import java.util.Arrays;
import java.util.Objects;

/**
 * Where a value lay in the decoded input: its first byte's offset and its length in bytes.
 *
 * <p>Hashes such as the BitTorrent info-hash are defined over the bytes as received, so the decoder keeps these spans
 * instead of asking callers to re-encode.
 */
public record ByteSpan(int offset, int length) {

    public ByteSpan {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative span: offset " + offset + ", length " + length);
        }
    }

    /** The bytes this span covers in {@code source}, which must be the array the span was decoded from. */
    public byte[] copyFrom(byte[] source) {
        Objects.checkFromIndexSize(offset, length, source.length);
        return Arrays.copyOfRange(source, offset, offset + length);
    }
}
