package org.ossnet.announce.peerstore;

import java.util.Arrays;

/** A peer's 20-byte id as a map key, its hash computed once. */
public final class PeerId {

    private final byte[] bytes;
    private final int hash;

    private PeerId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** Wraps 20 bytes the caller hands over and never modifies again. */
    public static PeerId wrap(byte[] bytes) {
        if (bytes.length != 20) {
            throw new IllegalArgumentException("a peer id has 20 bytes, not " + bytes.length);
        }
        return new PeerId(bytes);
    }

    /** The 20 bytes; do not modify. */
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
