package org.ossnet.agent.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.ossnet.agent.storage.Digests;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.torrent.Info;
import org.ossnet.core.torrent.PieceHasher;
import org.ossnet.core.torrent.PieceHashes;
import org.ossnet.core.torrent.TorrentBuilder;

/**
 * Hashes a file in a single streaming read: the SHA-256 of the whole and the SHA-1 of every BitTorrent piece are
 * updated from the same buffer, so a large tree is read from disk once, not twice.
 *
 * <p>The info dictionary is the one {@link TorrentBuilder} would build for the same file and name (default piece
 * length, not private), byte for byte, so the tracker computes the same swarm id as any other tool.
 */
public final class FileHasher {

    private static final int READ_BUFFER = 256 * 1024;
    private static final HexFormat HEX = HexFormat.of();

    private FileHasher() {}

    /**
     * Hashes {@code file}, naming its torrent {@code name}.
     *
     * @throws IOException if it cannot be read, or its size changes while it is read
     */
    public static FileDigest hash(Path file, String name) throws IOException {
        long size = Files.size(file);
        MessageDigest sha256 = Digests.newDigest("SHA-256", size);
        if (size == 0) {
            return new FileDigest(0, HEX.formatHex(sha256.digest()), null);
        }
        int pieceLength = TorrentBuilder.defaultPieceLength(size);
        // One read pass: the piece hasher feeds every byte to the SHA-256 as well.
        PieceHashes pieces = PieceHasher.hash(file, pieceLength, sha256);
        if (Files.size(file) != size) {
            throw new IOException("file changed size while it was being hashed: " + file);
        }
        String hex = HEX.formatHex(sha256.digest());
        Info info = new Info(name, size, pieceLength, pieces, false);
        return new FileDigest(size, hex, Base64.getEncoder().encodeToString(Bencode.encode(info.toBencode())));
    }

    /** The SHA-256 alone, for checking a tree against a snapshot. */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha256 = Digests.newDigest("SHA-256", Files.size(file));
        byte[] buffer = new byte[READ_BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha256.update(buffer, 0, n);
            }
        }
        return HEX.formatHex(sha256.digest());
    }
}
