package org.ossnet.core.name;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Rules shared by the segments of names and relative paths, and their percent-encoding. */
final class Segments {

    /** Like NAME_MAX on Linux, so every segment can become a file name on a mirror. */
    static final int MAX_SEGMENT_BYTES = 255;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** The explicit directional marks, embeddings, overrides and isolates (Unicode UAX #9). */
    private static final Set<Integer> BIDI_CONTROLS =
            Set.of(0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069);

    /**
     * Slashes and backslashes in other clothes: fraction, division and set-minus slashes, the fullwidth and small
     * forms, box-drawing and mathematical diagonals (from Unicode's confusables for '/' and '\\').
     */
    private static final Set<Integer> SEPARATOR_LOOK_ALIKES = Set.of(
            0x2044, 0x2215, 0x2216, 0x2571, 0x2572, 0x27CB, 0x27CD, 0x29F5, 0x29F8, 0x29F9, 0x3033, 0xFE68, 0xFF0F,
            0xFF3C);

    private Segments() {}

    /**
     * Returns why a decoded segment is not acceptable, phrased to follow "segment N", or empty if it is fine. An
     * encoded slash is rejected rather than kept because decoded names must map one-to-one onto directory trees;
     * a backslash because it is a separator on some mirrors' file systems.
     *
     * <p>A segment must also be what it looks like, since people choose files by their names: in Unicode NFC, so that
     * a name and its decomposed twin ({@code é} as one character or as {@code e} plus an accent) cannot both exist and
     * land on one file of a normalising file system; without bidirectional controls, which make {@code exe.txt} read
     * as {@code txt.exe}; without characters that look like a separator, which make {@code etc∕passwd} look like a
     * path; and without any other invisible format character (Unicode category Cf, such as a zero-width space).
     * These are refusals, never rewrites, because a signed snapshot lists exactly the bytes that were signed.
     */
    static Optional<String> problem(String segment) {
        if (segment.isEmpty()) {
            return Optional.of("is empty");
        }
        if (segment.equals(".") || segment.equals("..")) {
            return Optional.of("is '" + segment + "'");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            int codePoint = segment.codePointAt(i);
            if (c == '/') {
                return Optional.of("contains '/'");
            }
            if (c == '\\') {
                return Optional.of("contains a backslash");
            }
            if (Character.isISOControl(c)) {
                return Optional.of(String.format("contains control character U+%04X", (int) c));
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < segment.length()
                    && Character.isLowSurrogate(segment.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("contains an unpaired surrogate");
            }
            Optional<String> lookAlike = misleading(codePoint);
            if (lookAlike.isPresent()) {
                return lookAlike;
            }
        }
        if (!Normalizer.isNormalized(segment, Normalizer.Form.NFC)) {
            return Optional.of("is not in Unicode NFC (normalisation form C)");
        }
        int bytes = utf8Length(segment);
        if (bytes > MAX_SEGMENT_BYTES) {
            return Optional.of("is " + bytes + " bytes long, more than " + MAX_SEGMENT_BYTES);
        }
        return Optional.empty();
    }

    /** Why a code point would make a name look like something it is not, if it would. */
    private static Optional<String> misleading(int codePoint) {
        if (BIDI_CONTROLS.contains(codePoint)) {
            return Optional.of(String.format("contains bidirectional control U+%04X", codePoint));
        }
        if (SEPARATOR_LOOK_ALIKES.contains(codePoint)) {
            return Optional.of(String.format("contains U+%04X, which looks like a path separator", codePoint));
        }
        if (Character.getType(codePoint) == Character.FORMAT) {
            return Optional.of(String.format("contains invisible format character U+%04X", codePoint));
        }
        return Optional.empty();
    }

    /** Characters RFC 3986 allows unencoded in a path segment ({@code pchar}), ASCII only. */
    static boolean isPchar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
    }

    /** Percent-encodes everything that is not a pchar, as UTF-8 with upper-case hex (RFC 3986 section 2.1). */
    static String encode(String segment) {
        var out = new StringBuilder(segment.length());
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 0x80 && isPchar(c)) {
                out.append(c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    static String join(List<String> segments, boolean encoded) {
        var out = new StringBuilder();
        for (String s : segments) {
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(encoded ? encode(s) : s);
        }
        return out.toString();
    }

    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Compares in UTF-8 byte order, which is code point order (and not what {@link String#compareTo} does). */
    static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
