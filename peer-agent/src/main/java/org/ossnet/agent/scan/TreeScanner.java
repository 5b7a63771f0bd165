package org.ossnet.agent.scan;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.ossnet.core.name.InvalidNameException;
import org.ossnet.core.name.PathConflicts;
import org.ossnet.core.name.RelativePath;

/**
 * Lists the regular files of a tree, the way a snapshot will list them.
 *
 * <p>Symlinks to files inside the tree are published as the file they point to; a symlink that leads out of the
 * tree, or nowhere, is refused, because publishing it would either leak a file the publisher never meant to share
 * or describe a file that mirrors cannot reproduce. Symlinked directories are not followed (that is how loops and
 * duplicates are avoided) and other special files are skipped; both are reported as warnings.
 */
public final class TreeScanner {

    private final Predicate<Path> skip;

    /** A scanner that leaves out every path {@code skip} accepts, such as the agent's own cache. */
    public TreeScanner(Predicate<Path> skip) {
        this.skip = skip;
    }

    /** The outcome of a scan: files sorted by path, and what was left out and why. */
    public record Result(List<ScannedFile> files, List<String> warnings) {}

    /**
     * Scans the tree under {@code root}.
     *
     * @throws ScanException if the tree cannot be published as it is (the message names the file)
     * @throws IOException if it cannot be read
     */
    public Result scan(Path root) throws IOException, ScanException {
        if (!Files.isDirectory(root)) {
            throw new ScanException(root + " is not a directory");
        }
        Path top = root.toRealPath();
        List<ScannedFile> files = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        ScanException[] refused = new ScanException[1];
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return skip.test(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (skip.test(file)) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    visit(top, file, attrs, files, warnings);
                    return FileVisitResult.CONTINUE;
                } catch (ScanException e) {
                    refused[0] = e;
                    return FileVisitResult.TERMINATE;
                }
            }
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        files.sort(Comparator.comparing(ScannedFile::path));
        Optional<PathConflicts.Conflict> conflict =
                PathConflicts.first(files.stream().map(ScannedFile::path).toList());
        if (conflict.isPresent()) {
            throw new ScanException("cannot publish " + conflict.get().path() + ": "
                    + conflict.get().reason(null));
        }
        return new Result(List.copyOf(files), List.copyOf(warnings));
    }

    private static void visit(
            Path top, Path file, BasicFileAttributes attrs, List<ScannedFile> files, List<String> warnings)
            throws IOException, ScanException {
        String shown = top.relativize(file).toString();
        BasicFileAttributes content = attrs;
        if (attrs.isSymbolicLink()) {
            Path target;
            try {
                target = file.toRealPath();
            } catch (IOException e) {
                throw new ScanException("symlink " + shown + " points to nothing");
            }
            if (!target.startsWith(top)) {
                throw new ScanException("symlink " + shown + " points outside the tree, to " + target);
            }
            content = Files.readAttributes(file, BasicFileAttributes.class);
            if (content.isDirectory()) {
                warnings.add("skipped " + shown + ": symlinked directories are not followed");
                return;
            }
        }
        if (!content.isRegularFile()) {
            warnings.add("skipped " + shown + ": not a regular file");
            return;
        }
        files.add(new ScannedFile(
                relativePath(top, file, shown),
                file,
                content.size(),
                content.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
    }

    private static RelativePath relativePath(Path top, Path file, String shown) throws ScanException {
        List<String> segments = new ArrayList<>();
        top.relativize(file).forEach(segment -> segments.add(segment.toString()));
        try {
            return new RelativePath(segments);
        } catch (InvalidNameException e) {
            throw new ScanException("cannot publish " + shown + ": " + e.getMessage());
        }
    }
}
