package org.ossnet.core.filter;

import java.util.ArrayList;
import java.util.List;
import org.ossnet.core.name.RelativePath;

/**
 * Which files of a collection a mirror carries: include and exclude rules in order, first match wins, anything no
 * rule matches is carried. As rsync walks a tree, a file is carried only if no directory above it is excluded
 * (each directory is judged by the rules on its own) and the file itself is not excluded.
 *
 * @param rules the rules, in the order written
 */
public record CarryRules(List<Rule> rules) {

    /**
     * One rule.
     *
     * @param include whether a match carries ({@code include}) or drops ({@code exclude}) the path
     * @param pattern what it matches
     */
    public record Rule(boolean include, PathPattern pattern) {

        @Override
        public String toString() {
            return (include ? "include " : "exclude ") + pattern;
        }
    }

    /** Carries everything. */
    public static final CarryRules ALL = new CarryRules(List.of());

    /** The most rules one collection may have: a filter list, not a file list. */
    public static final int MAX_RULES = 256;

    /** The longest pattern accepted. */
    public static final int MAX_PATTERN_LENGTH = 1024;

    /**
     * Reads rules in rsync's short filter form, as the mirror registration carries them: {@code + PATTERN} includes,
     * {@code - PATTERN} excludes, in order.
     *
     * @throws IllegalArgumentException naming the rule ({@code rules[2]}) and what is wrong with it
     */
    public static CarryRules parse(List<String> written) {
        if (written.size() > MAX_RULES) {
            throw new IllegalArgumentException("rules: at most " + MAX_RULES + " rules, not " + written.size());
        }
        List<Rule> rules = new ArrayList<>(written.size());
        for (int i = 0; i < written.size(); i++) {
            String rule = written.get(i);
            if (rule == null || rule.length() < 3 || "+-".indexOf(rule.charAt(0)) < 0 || rule.charAt(1) != ' ') {
                throw new IllegalArgumentException(
                        "rules[" + i + "]: must be '+ PATTERN' (include) or '- PATTERN' (exclude), not '" + rule + "'");
            }
            if (rule.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("rules[" + i + "]: control characters are not allowed");
            }
            if (rule.length() - 2 > MAX_PATTERN_LENGTH) {
                throw new IllegalArgumentException(
                        "rules[" + i + "]: a pattern is at most " + MAX_PATTERN_LENGTH + " characters");
            }
            try {
                rules.add(new Rule(rule.charAt(0) == '+', PathPattern.parse(rule.substring(2))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("rules[" + i + "]: " + e.getMessage(), e);
            }
        }
        return new CarryRules(rules);
    }

    /** The rules in the short filter form {@link #parse} reads. */
    public List<String> written() {
        return rules.stream()
                .map(rule -> (rule.include() ? "+ " : "- ") + rule.pattern())
                .toList();
    }

    public CarryRules {
        rules = List.copyOf(rules);
    }

    /** Whether the file at {@code path} is carried. */
    public boolean carries(RelativePath path) {
        List<String> segments = path.segments();
        for (int depth = 1; depth < segments.size(); depth++) {
            if (excluded(segments.subList(0, depth), true)) {
                return false;
            }
        }
        return !excluded(segments, false);
    }

    private boolean excluded(List<String> segments, boolean directory) {
        for (Rule rule : rules) {
            if (rule.pattern().matches(segments, directory)) {
                return !rule.include();
            }
        }
        return false;
    }
}
