package org.ossnet.agent.mirror;

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
