package org.ossnet.agent.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ossnet.core.torrent.Info;

/**
 * Checks a complete piece against its SHA-1, from the memory it was put together in or by reading it back from the
 * part file, and extends the whole file's SHA-256 with the same bytes when the piece is next in file order.
 *
 * <p>A piece held in memory reaches the disk only once it matches, in positional writes of {@link #WRITE_CHUNK}
 * bytes, and before anyone can see it verified: uploads read verified pieces from the file. What is hashed is what is written, so the whole file's proof
 * covers the bytes on disk as the read-back did.
 */
final class PieceVerifier {

    static final int WRITE_CHUNK = 64 * 1024;

    private final Info info;
    private final PrefixHasher prefixHasher;
    private final Supplier<FileChannel> channel;

    PieceVerifier(Info info, PrefixHasher prefixHasher, Supplier<FileChannel> channel) {
        this.info = info;
        this.prefixHasher = prefixHasher;
        this.channel = channel;
    }

    /**
     * Whether {@code piece}, every block of which is in {@code held} (or on disk if null), matches its SHA-1; a held
     * piece that matches has been written to the part file when this returns.
     */
    boolean check(int piece, ByteBuffer held) throws IOException {
        if (held == null) {
            return prefixHasher.check(piece, alsoTo -> matchesOnDisk(channel.get(), info, piece, alsoTo));
        }
        ByteBuffer bytes = held.duplicate().clear().limit(info.pieceSize(piece));
        return prefixHasher.check(piece, alsoTo -> {
            if (!info.pieces().matches(piece, ChannelDigests.digest(bytes, "SHA-1", alsoTo))) {
                return false;
            }
            // Inside the check: if the write fails, the SHA-256 is rolled back to before the piece.
            write(bytes, position(info, piece));
            return true;
        });
    }

    /**
     * Writes a matching piece in writes of {@link #WRITE_CHUNK} bytes. The kernel sizes each page-cache folio it
     * allocates by the write, and on the benchmark's virtual machine large ones are dear to fill: writing 1 GiB into a
     * sparse file from Java took 0.3 CPU-s in 64 or 128 KiB writes, 0.48 in 16 KiB ones (a block at a time) and
     * 1.35-1.8 in writes of 256 KiB to 1 MiB.
     */
    private void write(ByteBuffer bytes, long position) throws IOException {
        FileChannel file = channel.get();
        for (int at = bytes.position(); at < bytes.limit(); at += WRITE_CHUNK) {
            int length = Math.min(WRITE_CHUNK, bytes.limit() - at);
            ChannelDigests.writeFully(file, bytes.slice(at, length), position + at);
        }
    }

    /** The bytes of a piece that failed its check, for smart banning. */
    byte[] failedBytes(int piece, ByteBuffer held) throws IOException {
        ByteBuffer failed = ByteBuffer.allocate(info.pieceSize(piece));
        if (held == null) {
            ChannelDigests.readFully(channel.get(), failed, position(info, piece));
        } else {
            failed.put(held.duplicate().clear().limit(failed.capacity()));
        }
        return failed.array();
    }

    /** Whether {@code piece} as it is on disk matches its SHA-1. */
    static boolean matchesOnDisk(FileChannel channel, Info info, int piece) throws IOException {
        return matchesOnDisk(channel, info, piece, bytes -> {});
    }

    private static boolean matchesOnDisk(FileChannel channel, Info info, int piece, Consumer<ByteBuffer> alsoTo)
            throws IOException {
        byte[] sha1 = ChannelDigests.digest(channel, "SHA-1", position(info, piece), info.pieceSize(piece), alsoTo);
        return info.pieces().matches(piece, sha1);
    }

    private static long position(Info info, int piece) {
        return (long) piece * info.pieceLength();
    }
}
