package org.ossnet.core.name;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The path of a file inside a collection, such as {@code Packages/b/bash-5.2.rpm}, as snapshots list it.
 *
 * <p>It is plain text, not percent-encoded: segments separated by '/', none empty, {@code .} or {@code ..}, no
 * leading or trailing '/', no control characters (C0, DEL, C1), no backslash, no unpaired surrogates, at most
 * {@value Segments#MAX_SEGMENT_BYTES} UTF-8 bytes per segment and {@value #MAX_BYTES} in all. Every rule is a
 * rejection, never a rewrite, so a valid path is already in normal form and maps safely onto a mirror's file
 * system. Paths order by their UTF-8 bytes, the order snapshots list files in.
 *
 * @param segments the segments, at least one
 */
public record RelativePath(List<String> segments) implements Comparable<RelativePath> {

    /** Like PATH_MAX on Linux. */
    public static final int MAX_BYTES = 4096;

    /** Validates the segments, so a path built in code obeys the same rules as a parsed one. */
    public RelativePath {
        segments = List.copyOf(segments);
        String joined = Segments.join(segments, false);
        if (segments.isEmpty()) {
            throw invalid(joined, "is empty");
        }
        for (int i = 0; i < segments.size(); i++) {
            int n = i + 1;
            Segments.problem(segments.get(i)).ifPresent(p -> {
                throw invalid(joined, "segment " + n + " " + p);
            });
        }
        int bytes = Segments.utf8Length(joined);
        if (bytes > MAX_BYTES) {
            throw invalid(joined, "is " + bytes + " bytes long, more than " + MAX_BYTES);
        }
    }

    /**
     * Parses a path such as {@code "a/b.rpm"}.
     *
     * @throws InvalidNameException if it breaks a rule; the message says which segment (numbered from 1)
     */
    public static RelativePath parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > 4 * MAX_BYTES) {
            throw invalid(text, "is " + text.length() + " characters long, more than " + MAX_BYTES + " bytes");
        }
        if (text.isEmpty()) {
            throw invalid(text, "is empty");
        }
        if (text.startsWith("/")) {
            throw invalid(text, "starts with '/'");
        }
        if (text.endsWith("/")) {
            throw invalid(text, "ends with '/'");
        }
        return new RelativePath(Arrays.asList(text.split("/", -1)));
    }

    /** The path as text, segments joined with '/'. */
    public String path() {
        return Segments.join(segments, false);
    }

    /**
     * The path as it goes into a URL: each segment percent-encoded as an RFC 3986 path segment (UTF-8, upper-case
     * hex), joined with '/'. A file's URL under an origin or a mirror is that tree's URL followed by this, so a client
     * holding one file's URL can put any other path of the collection under the same tree.
     */
    public String encoded() {
        return Segments.join(segments, true);
    }

    /** The last segment. */
    public String fileName() {
        return segments.getLast();
    }

    @Override
    public int compareTo(RelativePath other) {
        return Segments.compareUtf8(path(), other.path());
    }

    @Override
    public String toString() {
        return path();
    }

    private static InvalidNameException invalid(String input, String reason) {
        return new InvalidNameException("relative path", input, reason);
    }
}
