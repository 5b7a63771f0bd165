package org.ossnet.core.torrent;

import java.util.Arrays;
import java.util.Objects;

/** The SHA-1 of every piece, in order: the {@code pieces} string of an info dictionary. */
public final class PieceHashes {

    private final byte[] concatenated;

    private PieceHashes(byte[] concatenated) {
        this.concatenated = concatenated;
    }

    /** Piece hashes from their concatenation, which must be a whole number of 20-byte digests. */
    public static PieceHashes of(byte[] concatenated) {
        if (concatenated.length % InfoHash.LENGTH != 0) {
            throw new IllegalArgumentException(
                    "pieces is " + concatenated.length + " bytes long, not a multiple of " + InfoHash.LENGTH);
        }
        return new PieceHashes(concatenated.clone());
    }

    /** The number of pieces. */
    public int count() {
        return concatenated.length / InfoHash.LENGTH;
    }

    /** A copy of the hash of piece {@code index}. */
    public byte[] hash(int index) {
        Objects.checkIndex(index, count());
        return Arrays.copyOfRange(concatenated, index * InfoHash.LENGTH, (index + 1) * InfoHash.LENGTH);
    }

    /** Whether {@code digest} is the expected hash of piece {@code index}. */
    public boolean matches(int index, byte[] digest) {
        Objects.checkIndex(index, count());
        int from = index * InfoHash.LENGTH;
        return Arrays.equals(concatenated, from, from + InfoHash.LENGTH, digest, 0, digest.length);
    }

    /** A copy of the concatenated hashes. */
    public byte[] concatenated() {
        return concatenated.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PieceHashes other && Arrays.equals(concatenated, other.concatenated);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(concatenated);
    }

    @Override
    public String toString() {
        return "PieceHashes[count=" + count() + "]";
    }
}
