package org.ossnet.core.bencode;

/**
 * The input is not strict, canonical bencode within the given limits.
 *
 * <p>This is the only exception the decoder throws for bad input, whatever the bytes; the message names the byte
 * offset at which the input went wrong, which {@link #offset()} also exposes.
 */
public final class BencodeException extends RuntimeException {

    private final long offset;

    public BencodeException(String reason, long offset) {
        super(reason + " at byte offset " + offset);
        this.offset = offset;
    }

    /** The offset, from the start of the input, of the byte at which decoding failed. */
    public long offset() {
        return offset;
    }
}
