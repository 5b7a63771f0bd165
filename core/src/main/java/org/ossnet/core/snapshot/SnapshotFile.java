package org.ossnet.core.snapshot;

import java.util.Objects;
import java.util.regex.Pattern;
import org.ossnet.core.name.RelativePath;

/**
 * One file of a snapshot: where it lives in the collection, what its content is, and which swarm carries it.
 *
 * @param path the file's path inside the collection
 * @param size length in bytes, 0 to 2^53-1 (the integers JSON tools everywhere read exactly)
 * @param sha256 SHA-256 of the content, 64 lower-case hex digits
 * @param pieceLength BitTorrent piece length, a power of two from 16 KiB to 64 MiB; 0 for an empty file
 * @param infoHash the info-hash of the file's single-file BitTorrent v1 torrent, its swarm id, 40 lower-case hex;
 *     {@code null} for an empty file, which has no swarm
 */
public record SnapshotFile(RelativePath path, long size, String sha256, int pieceLength, String infoHash) {

    /** Largest integer an IEEE double holds exactly; RFC 8785 numbers are doubles. */
    static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    static final int MIN_PIECE_LENGTH = 16 * 1024;
    static final int MAX_PIECE_LENGTH = 64 * 1024 * 1024;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern INFO_HASH = Pattern.compile("[0-9a-f]{40}");

    /** Whether the file has a swarm; empty files have none and are created, never downloaded. */
    public boolean hasSwarm() {
        return infoHash != null;
    }

    /** Validates every field, so a snapshot built in code can always be encoded and decoded again. */
    public SnapshotFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
        if (size < 0 || size > MAX_SAFE_INTEGER) {
            throw new InvalidSnapshotException("size", "is " + size + ", not in 0.." + MAX_SAFE_INTEGER);
        }
        if (!SHA256.matcher(sha256).matches()) {
            throw new InvalidSnapshotException("sha256", "must be 64 lower-case hex digits");
        }
        if (size == 0) {
            // BitTorrent cannot describe a zero-length file, so an empty file has no swarm to name.
            if (pieceLength != 0 || infoHash != null) {
                throw new InvalidSnapshotException(
                        "infoHash", "an empty file has no swarm: pieceLength 0, no infoHash");
            }
        } else {
            requireSwarm(pieceLength, infoHash);
        }
    }

    private static void requireSwarm(int pieceLength, String infoHash) {
        if (Integer.bitCount(pieceLength) != 1 || pieceLength < MIN_PIECE_LENGTH || pieceLength > MAX_PIECE_LENGTH) {
            throw new InvalidSnapshotException(
                    "pieceLength",
                    "is " + pieceLength + ", not a power of two from " + MIN_PIECE_LENGTH + " to " + MAX_PIECE_LENGTH);
        }
        if (infoHash == null || !INFO_HASH.matcher(infoHash).matches()) {
            throw new InvalidSnapshotException("infoHash", "must be 40 lower-case hex digits");
        }
    }
}
