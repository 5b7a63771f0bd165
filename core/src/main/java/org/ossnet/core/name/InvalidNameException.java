package org.ossnet.core.name;

/**
 * Thrown when a string is not a valid {@link OssnetName} or {@link RelativePath}; the message says what is wrong
 * and where.
 *
 * <p>Segments are numbered from 1, character indexes from 0 (into the string that was parsed). The offending input
 * is quoted in the message with control characters escaped and long input shortened, so the message is safe to
 * print on a terminal or in a log.
 */
public final class InvalidNameException extends IllegalArgumentException {

    private static final int MAX_QUOTED = 120;

    private final String input;
    private final String reason;

    InvalidNameException(String kind, String input, String reason) {
        super("invalid " + kind + " '" + quote(input) + "': " + reason);
        this.input = input;
        this.reason = reason;
    }

    /** The string that was rejected, exactly as given. */
    public String input() {
        return input;
    }

    /** What is wrong, without the quoted input, e.g. {@code "segment 2 is '..'"}. */
    public String reason() {
        return reason;
    }

    /** Escapes what a terminal would interpret and shortens long input, because the input is untrusted. */
    static String quote(String s) {
        var out = new StringBuilder();
        int limit = Math.min(s.length(), MAX_QUOTED);
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\'') {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        if (s.length() > MAX_QUOTED) {
            out.append("...(").append(s.length()).append(" chars)");
        }
        return out.toString();
    }
}
