package org.ossnet.agent.fetch;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Maps the segments of a snapshot path onto the local file system below an output directory. Snapshots are signed and
 * their paths already validated, but a path that escapes the output directory would let whoever holds the key write
 * anywhere the user can, so every segment is checked again here, against this platform's rules.
 */
final class LocalPaths {

    private LocalPaths() {}

    /**
     * The file {@code segments} name below {@code out}.
     *
     * @throws UnsafePathException if a segment is empty, {@code .}, {@code ..}, contains a separator or NUL, is
     *     absolute or a drive, or the result is not strictly below {@code out}
     */
    static Path target(Path out, List<String> segments) {
        if (segments.isEmpty()) {
            throw new UnsafePathException("an empty path has no place below " + out);
        }
        Path base = out.toAbsolutePath().normalize();
        Path target = base;
        for (String segment : segments) {
            target = target.resolve(checked(segment, segments));
        }
        if (!target.normalize().equals(target) || !target.startsWith(base) || target.equals(base)) {
            throw unsafe(segments, "leaves " + out);
        }
        return target;
    }

    /**
     * Refuses to write through a symbolic link: every existing component from {@code out} (exclusive) down to
     * {@code target} (inclusive) must be a real directory or, for the target itself, a regular file.
     */
    static void requireNoLinks(Path out, Path target) {
        Path base = out.toAbsolutePath().normalize();
        Path relative = base.relativize(target);
        Path at = base;
        for (Path part : relative) {
            at = at.resolve(part);
            if (Files.isSymbolicLink(at)) {
                throw new UnsafePathException(at + " is a symbolic link; refusing to write through it");
            }
        }
    }

    private static String checked(String segment, List<String> segments) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
            throw unsafe(segments, "has a segment '" + segment + "'");
        }
        if (segment.indexOf('/') >= 0 || segment.indexOf('\\') >= 0 || segment.indexOf('\0') >= 0) {
            throw unsafe(segments, "has a separator or NUL inside the segment '" + segment + "'");
        }
        try {
            Path single = Path.of(segment);
            if (single.isAbsolute() || single.getRoot() != null || single.getNameCount() != 1) {
                throw unsafe(segments, "has the absolute segment '" + segment + "'");
            }
        } catch (InvalidPathException e) {
            throw unsafe(segments, "has a segment this file system cannot hold: " + e.getMessage());
        }
        return segment;
    }

    private static UnsafePathException unsafe(List<String> segments, String why) {
        return new UnsafePathException("the snapshot path '" + String.join("/", segments) + "' " + why);
    }
}
