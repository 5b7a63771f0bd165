package org.ossnet.agent.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * The last step of every download, whatever its bytes came from: the part file beside the final path is renamed onto
 * it only if its whole SHA-256 equals the signed snapshot's, and the resume record goes with it. The swarm's
 * {@link PieceStore} and {@code get}'s small files fetched straight from web seeds both end here, so a file appears at
 * its final path the same way, proven, or not at all.
 */
public final class FinalPlacement {

    private FinalPlacement() {}

    /** The part file a download of {@code finalPath} writes into until its SHA-256 is proven. */
    public static Path partFile(Path finalPath) {
        return finalPath.resolveSibling(finalPath.getFileName() + PieceStore.PART_SUFFIX);
    }

    /** The record of verified pieces kept beside the part file of {@code finalPath}. */
    public static Path resumeRecord(Path finalPath) {
        return finalPath.resolveSibling(finalPath.getFileName() + PieceStore.RESUME_SUFFIX);
    }

    /**
     * Renames the part file of {@code finalPath} onto it, replacing whatever is there, and deletes the resume record,
     * if {@code actualSha256} (the part file's, as its writer hashed it) equals {@code expectedSha256}. No fsync first:
     * it made finishing wait for the disk, and a file torn by a power loss is caught when {@code ossnet get} re-hashes
     * the file it finds at its final path (docs/ARCHITECTURE.md).
     *
     * @throws ContentMismatchException if the SHA-256s differ; nothing is renamed and the part file is left as it is
     */
    public static Path place(Path finalPath, byte[] expectedSha256, byte[] actualSha256) throws IOException {
        Path part = partFile(finalPath);
        if (!Arrays.equals(actualSha256, expectedSha256)) {
            throw new ContentMismatchException(part, expectedSha256, actualSha256);
        }
        Files.move(part, finalPath, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(resumeRecord(finalPath));
        return finalPath;
    }
}
