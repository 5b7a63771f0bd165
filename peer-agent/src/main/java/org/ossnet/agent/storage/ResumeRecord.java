package org.ossnet.agent.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.ossnet.core.torrent.Info;
import org.ossnet.core.torrent.InfoHash;

/**
 * The pieces of a part file that were verified, kept next to it as {@code <final>.ossnet-resume}.
 *
 * <pre>
 * "OSSNETR1"  info-hash(20)  length(u64)  piece-length(u32)  piece-count(u32)  bitfield(ceil(n/8))  crc32c(u32)
 * </pre>
 *
 * All integers are big-endian and the bitfield is in BitTorrent order (the high bit of the first byte is piece 0). The
 * CRC makes a torn or foreign file read as absent rather than as a wrong claim; a claim is only a hint anyway, since
 * {@link PieceStore} re-verifies every recorded piece on open.
 */
record ResumeRecord(InfoHash infoHash, long length, int pieceLength, int pieceCount, BitSet verified) {

    private static final byte[] MAGIC = {'O', 'S', 'S', 'N', 'E', 'T', 'R', '1'};
    private static final int HEADER = MAGIC.length + InfoHash.LENGTH + 8 + 4 + 4;

    static ResumeRecord of(InfoHash infoHash, Info info, BitSet verified) {
        return new ResumeRecord(infoHash, info.length(), info.pieceLength(), info.pieceCount(), verified);
    }

    /** Whether this record was written for the same torrent. */
    boolean describes(InfoHash hash, Info info) {
        return infoHash.equals(hash)
                && length == info.length()
                && pieceLength == info.pieceLength()
                && pieceCount == info.pieceCount();
    }

    byte[] encode() {
        int bitfieldLength = (pieceCount + 7) / 8;
        ByteBuffer out = ByteBuffer.allocate(HEADER + bitfieldLength + 4);
        out.put(MAGIC).put(infoHash.bytes()).putLong(length).putInt(pieceLength).putInt(pieceCount);
        byte[] bitfield = new byte[bitfieldLength];
        for (int piece = verified.nextSetBit(0);
                piece >= 0 && piece < pieceCount;
                piece = verified.nextSetBit(piece + 1)) {
            bitfield[piece / 8] |= (byte) (0x80 >>> (piece % 8));
        }
        out.put(bitfield);
        out.putInt((int) crc(out.array(), out.position()));
        return out.array();
    }

    /** The record in {@code bytes}, or empty if they are not a whole, intact record. */
    static Optional<ResumeRecord> decode(byte[] bytes) {
        if (bytes.length < HEADER + 4 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, MAGIC.length, bytes.length - MAGIC.length);
        byte[] hash = new byte[InfoHash.LENGTH];
        in.get(hash);
        long length = in.getLong();
        int pieceLength = in.getInt();
        int pieceCount = in.getInt();
        if (pieceCount < 0 || bytes.length != HEADER + (pieceCount + 7L) / 8 + 4) {
            return Optional.empty();
        }
        if ((int) crc(bytes, bytes.length - 4)
                != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
            return Optional.empty();
        }
        BitSet verified = new BitSet(pieceCount);
        for (int piece = 0; piece < pieceCount; piece++) {
            if ((bytes[HEADER + piece / 8] & (0x80 >>> (piece % 8))) != 0) {
                verified.set(piece);
            }
        }
        return Optional.of(new ResumeRecord(InfoHash.of(hash), length, pieceLength, pieceCount, verified));
    }

    static Optional<ResumeRecord> read(Path file) throws IOException {
        try {
            return decode(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Replaces {@code file} through a temporary sibling and a rename, so a crash leaves the old record or the new one,
     * never half of one. No fsync: a record lost to a power cut only costs re-downloading, and one that survives while
     * its data did not is caught by re-verification on open.
     */
    void writeAtomically(Path file) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, encode());
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static long crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }
}
