package org.ossnet.agent.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import org.ossnet.core.torrent.Info;
import org.ossnet.core.torrent.InfoHash;

/** The part file of a download and its resume record on disk, as {@link PieceStore} opens or seeds them. */
final class PartFile {

    private PartFile() {}

    /** Opens {@code part}, creating it sparse if it does not exist, at exactly {@code length} bytes. */
    static FileChannel open(Path part, long length) throws IOException {
        FileChannel channel = Files.exists(part)
                ? FileChannel.open(part, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(
                        part,
                        StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.SPARSE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        try {
            long size = channel.size();
            if (size > length) {
                channel.truncate(length);
            } else if (size < length) {
                // One byte at the end sets the size; the hole before it stays sparse where the file system allows.
                channel.write(ByteBuffer.wrap(new byte[1]), length - 1);
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The pieces that {@code resume} records for this torrent and that still match their SHA-1 in {@code channel}. */
    static BitSet stillVerified(FileChannel channel, Path resume, InfoHash infoHash, Info info) throws IOException {
        BitSet verified = new BitSet(info.pieceCount());
        var record = ResumeRecord.read(resume);
        if (record.isPresent() && record.get().describes(infoHash, info)) {
            BitSet claimed = record.get().verified();
            for (int piece = claimed.nextSetBit(0); piece >= 0; piece = claimed.nextSetBit(piece + 1)) {
                if (PieceVerifier.matchesOnDisk(channel, info, piece)) {
                    verified.set(piece);
                }
            }
        }
        return verified;
    }

    /** See {@link PieceStore#startFrom}. */
    static boolean startFrom(Path part, Path resume, InfoHash infoHash, long length, int pieceLength, Path older)
            throws IOException {
        if (Files.exists(part) || Files.exists(resume) || length == 0) {
            return false;
        }
        // The part first, the record after it: killed in between, the part is only an unverified start.
        Files.copy(older, part);
        int pieceCount = (int) ((length + pieceLength - 1) / pieceLength);
        BitSet claimed = new BitSet(pieceCount);
        claimed.set(0, pieceCount);
        new ResumeRecord(infoHash, length, pieceLength, pieceCount, claimed).writeAtomically(resume);
        return true;
    }
}
