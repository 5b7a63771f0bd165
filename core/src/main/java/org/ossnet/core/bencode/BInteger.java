package org.ossnet.core.bencode;

/** A bencoded integer, {@code i<decimal>e}; BitTorrent never needs more than 64 bits. */
public record BInteger(long value) implements BValue {

    /** Shorthand for {@code new BInteger(value)}. */
    public static BInteger of(long value) {
        return new BInteger(value);
    }
}
