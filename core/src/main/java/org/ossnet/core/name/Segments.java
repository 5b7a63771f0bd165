package org.ossnet.core.name;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Rules shared by the segments of names and relative paths, and their percent-encoding. */
final class Segments {

    /** Like NAME_MAX on Linux, so every segment can become a file name on a mirror. */
    static final int MAX_SEGMENT_BYTES = 255;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Segments() {}

    /**
     * Returns why a decoded segment is not acceptable, phrased to follow "segment N", or empty if it is fine. An
     * encoded slash is rejected rather than kept because decoded names must map one-to-one onto directory trees;
     * a backslash because it is a separator on some mirrors' file systems.
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
        }
        int bytes = utf8Length(segment);
        if (bytes > MAX_SEGMENT_BYTES) {
            return Optional.of("is " + bytes + " bytes long, more than " + MAX_SEGMENT_BYTES);
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
