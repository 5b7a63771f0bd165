package org.ossnet.tracker.mirror;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A mirror's include and exclude patterns for one collection, rsync-style: the include patterns are tried first, then
 * the exclude patterns, and the first that matches decides; a file no pattern matches is carried. In a pattern,
 * {@code *} matches within one path segment, {@code **} across segments, {@code ?} one character other than
 * {@code /}, {@code [...]} a character class; a leading {@code /} anchors it at the collection's root, otherwise it
 * matches the end of a path (a pattern without {@code /} matches a file name at any depth); a trailing {@code /}
 * matches a directory, so everything below it.
 */
final class MirrorPatterns {

    /** Longer patterns are no one's real configuration, only a way to make matching expensive. */
    static final int MAX_LENGTH = 1024;

    /** As many patterns as anyone writes by hand, with room to spare. */
    static final int MAX_PATTERNS = 256;

    private record Compiled(Pattern regex, boolean directory) {}

    private final List<Compiled> include;
    private final List<Compiled> exclude;

    private MirrorPatterns(List<Compiled> include, List<Compiled> exclude) {
        this.include = include;
        this.exclude = exclude;
    }

    /** Compiles checked patterns; {@link #check} has accepted each. */
    static MirrorPatterns of(List<String> include, List<String> exclude) {
        return new MirrorPatterns(
                include.stream().map(MirrorPatterns::compile).toList(),
                exclude.stream().map(MirrorPatterns::compile).toList());
    }

    /** Whether a file at {@code path} (relative to the collection, no leading {@code /}) is carried. */
    boolean carries(String path) {
        for (Compiled pattern : include) {
            if (matches(pattern, path)) {
                return true;
            }
        }
        for (Compiled pattern : exclude) {
            if (matches(pattern, path)) {
                return false;
            }
        }
        return true;
    }

    /** Why a pattern is refused, or {@code null} when it is fine. */
    static String check(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            return "is empty";
        }
        if (pattern.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        if (pattern.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "contains a control character";
        }
        if (pattern.contains("//") || pattern.equals("/")) {
            return "has an empty path segment";
        }
        int open = -1;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '[' && open < 0) {
                open = i;
            } else if (c == ']' && open >= 0 && i > open + 1) {
                open = -1;
            } else if (c == '/' && open >= 0) {
                return "has a character class that spans a '/'";
            }
        }
        return open >= 0 ? "has a '[' without its ']'" : null;
    }

    private static boolean matches(Compiled pattern, String path) {
        if (!pattern.directory()) {
            return pattern.regex().matcher(path).matches();
        }
        // A directory pattern matches a file when it matches one of the directories the file lies in.
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (pattern.regex().matcher(path.substring(0, slash)).matches()) {
                return true;
            }
        }
        return false;
    }

    private static Compiled compile(String text) {
        boolean anchored = text.startsWith("/");
        boolean directory = text.endsWith("/");
        String body = text.substring(anchored ? 1 : 0, text.length() - (directory ? 1 : 0));
        String regex = translate(body);
        // Unanchored, a pattern may start at any segment boundary.
        return new Compiled(Pattern.compile(anchored ? regex : "(?:.*/)?" + regex), directory);
    }

    private static String translate(String glob) {
        StringBuilder out = new StringBuilder();
        List<Character> literal = new ArrayList<>();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                flush(literal, out);
                out.append(".*");
                i++;
            } else if (c == '*') {
                flush(literal, out);
                out.append("[^/]*");
            } else if (c == '?') {
                flush(literal, out);
                out.append("[^/]");
            } else if (c == '[') {
                flush(literal, out);
                int end = glob.indexOf(']', i + 2);
                String members = glob.substring(i + 1, end);
                boolean negated = members.startsWith("!") || members.startsWith("^");
                out.append(negated ? "[^/" : "[");
                for (char member : members.substring(negated ? 1 : 0).toCharArray()) {
                    // A backslash before any character other than a letter or digit makes it literal in a class.
                    out.append(member == '-' || Character.isLetterOrDigit(member) ? "" : "\\")
                            .append(member);
                }
                out.append(']');
                i = end;
            } else {
                literal.add(c);
            }
        }
        flush(literal, out);
        return out.toString();
    }

    private static void flush(List<Character> literal, StringBuilder out) {
        if (!literal.isEmpty()) {
            StringBuilder text = new StringBuilder();
            literal.forEach(text::append);
            out.append(Pattern.quote(text.toString()));
            literal.clear();
        }
    }
}
