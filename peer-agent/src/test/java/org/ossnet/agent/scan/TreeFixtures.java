package org.ossnet.agent.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.TorrentBuilder;

/** Real files in a test's temporary directory, and the snapshot entries that describe them. */
public final class TreeFixtures {

    private TreeFixtures() {}

    /**
     * Writes {@code content} at {@code relative} under {@code root}, dated an hour ago so that the hash cache
     * trusts it (files modified within seconds are re-hashed on purpose).
     */
    public static Path write(Path root, String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
        return file;
    }

    /** The snapshot entry of the file at {@code relative} under {@code root}, built with core's torrent builder. */
    public static SnapshotFile entry(Path root, String relative) throws IOException {
        Path file = root.resolve(relative);
        long size = Files.size(file);
        String sha256 = FileHasher.sha256(file);
        if (size == 0) {
            return new SnapshotFile(RelativePath.parse(relative), 0, sha256, 0, null);
        }
        var metainfo = TorrentBuilder.forFile(file).build();
        InfoHash infoHash = metainfo.infoHash();
        return new SnapshotFile(
                RelativePath.parse(relative), size, sha256, metainfo.info().pieceLength(), infoHash.toHex());
    }
}
