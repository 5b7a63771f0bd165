package org.ossnet.core.torrent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestException;
import java.security.MessageDigest;

/**
 * Streams a file once, computing its BitTorrent v1 SHA-1 piece hashes and feeding the same bytes
 * to any other digests the caller wants (a publisher also needs the file's SHA-256), so a file is
 * read exactly once however many hashes it needs.
 */
public final class PieceHasher {

    private static final int READ_BUFFER = 256 * 1024;

    private PieceHasher() {}

    /**
     * Reads {@code file} and returns its piece hashes for {@code pieceLength}; every byte read is also
     * given to each of {@code alsoFeed}.
     *
     * @throws IOException if the file cannot be read, or changes size while it is being read
     * @throws IllegalArgumentException if the file is empty: it has no pieces
     */
    public static PieceHashes hash(Path file, int pieceLength, MessageDigest... alsoFeed) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw new IllegalArgumentException("an empty file has no pieces to share: " + file);
        }
        byte[] hashes = new byte[Math.toIntExact(Info.pieceCount(size, pieceLength) * InfoHash.LENGTH)];
        MessageDigest sha1 = InfoHash.sha1();
        byte[] buffer = new byte[READ_BUFFER];
        long total = 0;
        int inPiece = 0;
        int piece = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (total + n > size) {
                    throw new IOException("file grew while it was being hashed: " + file);
                }
                for (MessageDigest digest : alsoFeed) {
                    digest.update(buffer, 0, n);
                }
                int offset = 0;
                while (offset < n) {
                    int take = Math.min(n - offset, pieceLength - inPiece);
                    sha1.update(buffer, offset, take);
                    offset += take;
                    inPiece += take;
                    if (inPiece == pieceLength) {
                        finishPiece(sha1, hashes, piece++);
                        inPiece = 0;
                    }
                }
                total += n;
            }
        }
        if (total != size) {
            throw new IOException("file shrank while it was being hashed: " + file);
        }
        if (inPiece > 0) {
            finishPiece(sha1, hashes, piece);
        }
        return PieceHashes.of(hashes);
    }

    private static void finishPiece(MessageDigest sha1, byte[] hashes, int piece) {
        try {
            sha1.digest(hashes, piece * InfoHash.LENGTH, InfoHash.LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("a SHA-1 digest always fits in 20 bytes", e);
        }
    }
}
