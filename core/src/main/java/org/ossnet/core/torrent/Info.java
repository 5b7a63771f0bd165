package org.ossnet.core.torrent;

import java.util.Objects;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BString;

/**
 * The info dictionary of a single-file BitTorrent v1 torrent: what the info-hash covers.
 *
 * <pre>
 * d6:lengthi3145728e4:name8:demo.iso12:piece lengthi16384e6:pieces3840:&lt;192 SHA-1 digests&gt;7:privatei1ee
 * </pre>
 *
 * @param name the suggested file name: one path segment, never {@code .}, {@code ..} or containing a separator
 * @param length the file's size in bytes, positive (an empty file has no pieces, hence no swarm)
 * @param pieceLength the size of every piece but the last
 * @param pieces one SHA-1 per piece; their number must match {@code length} and {@code pieceLength}
 * @param isPrivate whether clients must use only the torrent's trackers (BEP 27): no DHT, PEX or local discovery
 */
public record Info(String name, long length, int pieceLength, PieceHashes pieces, boolean isPrivate) {

    public Info {
        Objects.requireNonNull(pieces, "pieces");
        requireSafeName(name);
        if (length <= 0) {
            throw new IllegalArgumentException("length must be positive: " + length);
        }
        if (pieceLength <= 0) {
            throw new IllegalArgumentException("piece length must be positive: " + pieceLength);
        }
        long expected = pieceCount(length, pieceLength);
        if (pieces.count() != expected) {
            throw new IllegalArgumentException("pieces holds " + pieces.count() + " hashes but a length of " + length
                    + " in pieces of " + pieceLength + " needs " + expected);
        }
    }

    /** The number of pieces. */
    public int pieceCount() {
        return pieces.count();
    }

    /** The size of piece {@code index}: the piece length, except for a shorter last piece. */
    public int pieceSize(int index) {
        Objects.checkIndex(index, pieceCount());
        return (int) Math.min(pieceLength, length - (long) index * pieceLength);
    }

    /** This info as a dictionary, with {@code private} present only when set, as other tools write it. */
    public BDictionary toBencode() {
        var builder = BDictionary.builder()
                .put("length", length)
                .put("name", name)
                .put("piece length", pieceLength)
                .put("pieces", BString.of(pieces.concatenated()));
        if (isPrivate) {
            builder.put("private", 1);
        }
        return builder.build();
    }

    static long pieceCount(long length, int pieceLength) {
        return (length + pieceLength - 1) / pieceLength;
    }

    /** A torrent's name becomes a file name on every client's disk, so anything that could climb out is refused. */
    private static void requireSafeName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("name must be a file name, not '" + name + "'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20) {
                throw new IllegalArgumentException(
                        "name must be a single path segment without control characters: '" + name + "'");
            }
        }
    }
}
