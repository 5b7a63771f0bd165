package org.ossnet.core.name;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds files that no directory tree can hold together: a file that is also another file's directory ({@code x} and
 * {@code x/y}), and two paths that differ only in case ({@code README} and {@code readme}), compared
 * case-insensitively in both rules. A snapshot must map onto every mirror's file system, and Windows and macOS file
 * systems are case-insensitive: a careful distribution tool refuses what some of its mirrors could not store rather
 * than let those mirrors silently hold one file for two.
 *
 * <p>Case is folded as upper then lower case in {@link Locale#ROOT}, which is close to Unicode case folding (it maps
 * {@code ß} and {@code SS} together, and the final sigma with the others).
 */
public final class PathConflicts {

    /** What kind of conflict a path has with an earlier one. */
    public enum Kind {
        /** The two paths are equal. */
        DUPLICATE,
        /** The paths differ only in case. */
        CASE_TWIN,
        /** The path lies under the other, which is a file. */
        UNDER_FILE,
        /** The path is a file, and the other lies under it. */
        ABOVE_FILE
    }

    /**
     * The first path, in list order, that conflicts with an earlier one.
     *
     * @param index the conflicting path's position in the list
     * @param other the earlier path's position
     */
    public record Conflict(int index, int other, Kind kind, RelativePath path, RelativePath otherPath) {

        /**
         * Why the two cannot both be listed, naming the earlier path and, if {@code otherLabel} is not null, its label
         * (such as {@code files[0]}).
         */
        public String reason(String otherLabel) {
            String label = otherLabel == null ? "" : " (" + otherLabel + ")";
            String other = "'" + otherPath + "'" + label;
            return switch (kind) {
                case DUPLICATE -> "'" + path + "' duplicates " + other;
                case CASE_TWIN ->
                    "'" + path + "' differs only in case from " + other
                            + "; case-insensitive file systems (Windows, macOS) cannot hold both";
                case UNDER_FILE ->
                    "'" + path + "' lies under '" + otherPath + "'" + inAnotherCase(path, otherPath)
                            + ", which is a file" + label + "; no directory tree can hold both";
                case ABOVE_FILE ->
                    "'" + path + "' is a file, but " + other + " lies under it" + inAnotherCase(otherPath, path)
                            + "; no directory tree can hold both";
            };
        }

        private static String inAnotherCase(RelativePath deeper, RelativePath file) {
            return deeper.path().startsWith(file.path() + "/") ? "" : " (in another case)";
        }
    }

    private PathConflicts() {}

    /** The first path of {@code paths} that conflicts with an earlier one, if any. */
    public static Optional<Conflict> first(List<RelativePath> paths) {
        Map<String, Integer> files = new HashMap<>();
        Map<String, Integer> directories = new HashMap<>();
        for (int i = 0; i < paths.size(); i++) {
            RelativePath path = paths.get(i);
            String key = fold(path.path());
            Integer twin = files.get(key);
            if (twin != null) {
                Kind kind = paths.get(twin).equals(path) ? Kind.DUPLICATE : Kind.CASE_TWIN;
                return Optional.of(new Conflict(i, twin, kind, path, paths.get(twin)));
            }
            Integer below = directories.get(key);
            if (below != null) {
                return Optional.of(new Conflict(i, below, Kind.ABOVE_FILE, path, paths.get(below)));
            }
            List<String> ancestors = ancestors(path);
            for (String ancestor : ancestors) {
                Integer file = files.get(ancestor);
                if (file != null) {
                    return Optional.of(new Conflict(i, file, Kind.UNDER_FILE, path, paths.get(file)));
                }
            }
            files.put(key, i);
            for (String ancestor : ancestors) {
                directories.putIfAbsent(ancestor, i);
            }
        }
        return Optional.empty();
    }

    /** The folded directories a path lies under, outermost first. */
    private static List<String> ancestors(RelativePath path) {
        List<String> segments = path.segments();
        String[] out = new String[segments.size() - 1];
        var prefix = new StringBuilder();
        for (int k = 0; k < out.length; k++) {
            if (k > 0) {
                prefix.append('/');
            }
            prefix.append(segments.get(k));
            out[k] = fold(prefix.toString());
        }
        return List.of(out);
    }

    private static String fold(String text) {
        return text.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }
}
