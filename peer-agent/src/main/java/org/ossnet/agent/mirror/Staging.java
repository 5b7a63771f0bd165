package org.ossnet.agent.mirror;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.ossnet.agent.scan.FileHasher;
import org.ossnet.core.snapshot.SnapshotFile;

/**
 * The file operations of a sync, each leaving either nothing or a whole, verified file at its destination: a
 * temporary name in the same directory, forced to disk, checked, then renamed.
 */
final class Staging {

    private Staging() {}

    /** Whether {@code path} is a regular file with the size and SHA-256 of {@code file}. */
    static boolean verified(Path path, SnapshotFile file) throws IOException {
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                && Files.size(path) == file.size()
                && FileHasher.sha256(path).equals(file.sha256());
    }

    /**
     * Puts the content of {@code source} at {@code target} as a hard link, or a copy where linking fails (another
     * file system, or one without links), if it is {@code file}'s content.
     *
     * @return whether {@code target} now holds it
     */
    static boolean linkOrCopy(Path source, Path target, SnapshotFile file) throws IOException {
        Files.createDirectories(target.getParent());
        Path temporary = temporaryBeside(target);
        try {
            try {
                Files.createLink(temporary, source);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
                force(temporary);
            }
            if (!verified(temporary, file)) {
                return false;
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Writes an empty file at {@code target}. */
    static void empty(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path temporary = temporaryBeside(target);
        try (OutputStream out = Files.newOutputStream(temporary)) {
            // Nothing to write: the snapshot says the file is empty.
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Renames {@code staged} over {@code live}, creating its directories; the rename is atomic for readers. */
    static void switchIn(Path staged, Path live) throws IOException {
        Files.createDirectories(live.getParent());
        Files.move(staged, live, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes {@code file}, then every directory above it up to {@code root} that it leaves empty. */
    static void remove(Path root, Path file) throws IOException {
        Files.deleteIfExists(file);
        for (Path dir = file.getParent();
                dir != null && dir.startsWith(root) && !dir.equals(root);
                dir = dir.getParent()) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    return;
                }
            }
            Files.delete(dir);
        }
    }

    /** Deletes {@code dir} and everything in it, if it exists. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> deepestFirst = all.sorted(Comparator.reverseOrder()).toList();
            for (Path p : deepestFirst) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Path temporaryBeside(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".ossnet-tmp");
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }
}
