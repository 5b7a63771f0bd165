package org.ossnet.core.filter;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One rsync-style pattern over paths inside a collection. {@code *} matches within a segment, {@code **} across
 * segments, {@code ?} one character, {@code [...]} a class; a leading {@code /} anchors the pattern at the
 * collection's root; a trailing {@code /} makes it match directories only; a trailing {@code /***} matches a
 * directory and everything in it. A pattern with no {@code /} (besides a trailing one) and no {@code **} matches
 * the last segment of a path at any depth; otherwise it matches the whole path, or (not anchored) any tail of it
 * that starts at a segment boundary. These are rsync's rules, so operators can reuse their filter lists.
 */
public final class PathPattern {

    private final String text;
    private final Pattern regex;
    private final boolean directoryOnly;
    private final boolean lastSegmentOnly;

    private PathPattern(String text, Pattern regex, boolean directoryOnly, boolean lastSegmentOnly) {
        this.text = text;
        this.regex = regex;
        this.directoryOnly = directoryOnly;
        this.lastSegmentOnly = lastSegmentOnly;
    }

    /**
     * Compiles {@code text}.
     *
     * @throws IllegalArgumentException saying what is wrong: empty, an empty segment ({@code //}), {@code .} or
     *     {@code ..} segments, an unclosed {@code [}
     */
    public static PathPattern parse(String text) {
        if (text.isBlank() || !text.equals(text.strip())) {
            throw new IllegalArgumentException(
                    "a pattern must be non-empty without surrounding spaces: '" + text + "'");
        }
        String body = text;
        boolean anchored = body.startsWith("/");
        if (anchored) {
            body = body.substring(1);
        }
        boolean andBelow = body.endsWith("/***");
        if (andBelow) {
            body = body.substring(0, body.length() - 4);
        }
        boolean directoryOnly = !andBelow && body.endsWith("/");
        if (directoryOnly) {
            body = body.substring(0, body.length() - 1);
        }
        if (body.isEmpty()) {
            throw new IllegalArgumentException("pattern '" + text + "' matches no path");
        }
        for (String segment : body.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(
                        "pattern '" + text + "' has an empty, '.' or '..' segment; paths in a snapshot have none");
            }
        }
        boolean lastSegmentOnly = !anchored && !andBelow && !body.contains("/") && !body.contains("**");
        String glob = translate(body, text);
        String prefix = anchored || lastSegmentOnly ? "" : "(?:.*/)?";
        String suffix = andBelow ? "(?:/.*)?" : "";
        return new PathPattern(
                text, Pattern.compile(prefix + glob + suffix, Pattern.DOTALL), directoryOnly, lastSegmentOnly);
    }

    /** Whether the pattern matches {@code segments}, a file's path or (with {@code directory}) a directory's. */
    public boolean matches(List<String> segments, boolean directory) {
        if (directoryOnly && !directory) {
            return false;
        }
        String subject = lastSegmentOnly ? segments.getLast() : String.join("/", segments);
        return regex.matcher(subject).matches();
    }

    @Override
    public String toString() {
        return text;
    }

    private static String translate(String glob, String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        out.append(".*");
                        i++;
                        while (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                            i++;
                        }
                    } else {
                        out.append("[^/]*");
                    }
                }
                case '?' -> out.append("[^/]");
                case '[' -> {
                    int close = glob.indexOf(']', i + 2);
                    if (close < 0) {
                        throw new IllegalArgumentException("pattern '" + text + "' has an unclosed '['");
                    }
                    String set = glob.substring(i + 1, close);
                    if (set.contains("/")) {
                        throw new IllegalArgumentException("pattern '" + text + "' has a '/' inside [...]");
                    }
                    boolean negated = set.startsWith("!") || set.startsWith("^");
                    out.append(negated ? "[^/" : "[");
                    for (char s : (negated ? set.substring(1) : set).toCharArray()) {
                        out.append(s == '\\' || s == '[' || s == '&' || s == '^' ? "\\" + s : String.valueOf(s));
                    }
                    out.append(']');
                    i = close;
                }
                default -> out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }
}
