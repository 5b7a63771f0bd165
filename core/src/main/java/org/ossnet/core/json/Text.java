package org.ossnet.core.json;

/** Quoting of untrusted text for messages. */
public final class Text {

    private static final int MAX = 80;

    private Text() {}

    /** Escapes control characters and shortens, because messages end up on terminals and in logs. */
    public static String quote(String s) {
        var out = new StringBuilder();
        for (int i = 0; i < Math.min(s.length(), MAX); i++) {
            char c = s.charAt(i);
            out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? String.format("\\u%04X", (int) c) : c);
        }
        return s.length() > MAX ? out + "..." : out.toString();
    }
}
