package org.ossnet.agent.origin;

/**
 * What a {@code Range} header asks of a file of known size.
 *
 * <p>Only a single {@code bytes} range is honoured. A header with several ranges, another unit or invalid syntax is
 * ignored and the whole file is sent with 200, which RFC 9110 allows; BitTorrent web seeds, Metalink clients and
 * download managers ask for one range per request, and multipart bodies would only add a second framing to get wrong.
 */
sealed interface ByteRange {

    /** The whole file, answered with 200. */
    record Whole() implements ByteRange {}

    /** Bytes {@code first} to {@code last} inclusive, answered with 206. */
    record Slice(long first, long last) implements ByteRange {

        long length() {
            return last - first + 1;
        }
    }

    /** A valid range that lies beyond the file, answered with 416. */
    record Unsatisfiable() implements ByteRange {}

    /** Interprets {@code header} (may be null) against a file of {@code size} bytes. */
    static ByteRange parse(String header, long size) {
        if (header == null) {
            return new Whole();
        }
        String spec = header.strip();
        if (spec.length() < 6 || !spec.regionMatches(true, 0, "bytes=", 0, 6)) {
            return new Whole();
        }
        spec = spec.substring(6).strip();
        int dash = spec.indexOf('-');
        if (spec.indexOf(',') >= 0 || dash < 0) {
            return new Whole();
        }
        String firstText = spec.substring(0, dash).strip();
        String lastText = spec.substring(dash + 1).strip();
        if (firstText.isEmpty()) {
            long suffix = number(lastText);
            if (suffix < 0) {
                return new Whole();
            }
            if (suffix == 0 || size == 0) {
                return new Unsatisfiable();
            }
            return new Slice(Math.max(0, size - suffix), size - 1);
        }
        long first = number(firstText);
        long last = lastText.isEmpty() ? Long.MAX_VALUE : number(lastText);
        if (first < 0 || last < 0 || last < first) {
            return new Whole();
        }
        if (first >= size) {
            return new Unsatisfiable();
        }
        return new Slice(first, Math.min(last, size - 1));
    }

    /** A non-negative decimal, saturating at Long.MAX_VALUE; -1 if not digits. */
    private static long number(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
        }
        return value;
    }
}
