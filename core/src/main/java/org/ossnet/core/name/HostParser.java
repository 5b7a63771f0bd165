package org.ossnet.core.name;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validates and normalises the host part of a name: a DNS name, an IPv4 literal or a bracketed IPv6 literal.
 * Methods return a problem description or the normal form through {@link Result}, so the caller can add the input
 * and position.
 */
final class HostParser {

    private static final int MAX_HOST = 253;
    private static final int MAX_LABEL = 63;

    /** Either the normalised host or what is wrong with it, with an offset into the host text. */
    record Result(String host, String problem, int offset) {
        static Result ok(String host) {
            return new Result(host, null, 0);
        }

        static Result bad(String problem, int offset) {
            return new Result(null, problem, offset);
        }
    }

    private HostParser() {}

    /** Parses a host as it appears in an authority, IPv6 literals with their brackets. */
    static Result parse(String host) {
        if (host.isEmpty()) {
            return Result.bad("publisher host is empty", 0);
        }
        if (host.startsWith("[")) {
            if (!host.endsWith("]")) {
                return Result.bad("IPv6 literal is not closed with ']'", 0);
            }
            Result r = ipv6(host.substring(1, host.length() - 1));
            return r.problem() == null ? Result.ok("[" + r.host() + "]") : Result.bad(r.problem(), r.offset() + 1);
        }
        return dnsOrIpv4(host);
    }

    private static Result dnsOrIpv4(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c > 0x7F) {
                return Result.bad(
                        "host contains non-ASCII '" + InvalidNameException.quote(String.valueOf(c))
                                + "'; use the punycode (xn--) form",
                        i);
            }
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.')) {
                return Result.bad("host contains '" + InvalidNameException.quote(String.valueOf(c)) + "'", i);
            }
        }
        String lower = host.toLowerCase(Locale.ROOT);
        String[] labels = lower.split("\\.", -1);
        // Top-level domains are never all digits, so such a host was meant as an IPv4 address (as WHATWG URL does).
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit) && !labels[labels.length - 1].isEmpty()) {
            return ipv4(lower, labels);
        }
        if (lower.length() > MAX_HOST) {
            return Result.bad("host is " + lower.length() + " characters long, more than " + MAX_HOST, 0);
        }
        int offset = 0;
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            String where = "host label " + (i + 1);
            if (label.isEmpty()) {
                return Result.bad(where + " is empty", offset);
            }
            if (label.length() > MAX_LABEL) {
                return Result.bad(where + " is " + label.length() + " characters long, more than " + MAX_LABEL, offset);
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return Result.bad(where + " '" + label + "' starts or ends with '-'", offset);
            }
            offset += label.length() + 1;
        }
        return Result.ok(lower);
    }

    private static Result ipv4(String host, String[] parts) {
        String bad = "'" + host + "' is not a valid IPv4 address";
        if (parts.length != 4) {
            return Result.bad(bad + " (needs 4 parts)", 0);
        }
        for (String p : parts) {
            // Leading zeros are refused because some resolvers read them as octal.
            if (p.isEmpty()
                    || p.length() > 3
                    || !p.chars().allMatch(Character::isDigit)
                    || (p.length() > 1 && p.startsWith("0"))) {
                return Result.bad(bad + " (part '" + p + "')", 0);
            }
            if (Integer.parseInt(p) > 255) {
                return Result.bad(bad + " (part " + p + " is more than 255)", 0);
            }
        }
        return Result.ok(host);
    }

    /** Parses the text between the brackets and formats it as RFC 5952 recommends. */
    static Result ipv6(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.digit(c, 16) < 0 && c != ':' && c != '.' || c > 0x7F) {
                return Result.bad("IPv6 literal contains '" + InvalidNameException.quote(String.valueOf(c)) + "'", i);
            }
        }
        String bad = "'[" + s + "]' is not a valid IPv6 address";
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return Result.bad(bad + " (more than one '::')", 0);
        }
        List<Integer> head = groups(gap < 0 ? s : s.substring(0, gap), gap < 0);
        List<Integer> tail = gap < 0 ? List.of() : groups(s.substring(gap + 2), true);
        if (head == null || tail == null) {
            return Result.bad(bad, 0);
        }
        int count = head.size() + tail.size();
        if (gap < 0 ? count != 8 : count > 7) {
            return Result.bad(bad + " (wrong number of groups)", 0);
        }
        int[] g = new int[8];
        for (int i = 0; i < head.size(); i++) {
            g[i] = head.get(i);
        }
        for (int i = 0; i < tail.size(); i++) {
            g[8 - tail.size() + i] = tail.get(i);
        }
        return Result.ok(format(g));
    }

    /** Returns the 16-bit groups of a '::'-free part, or null if malformed; an IPv4 tail counts as two groups. */
    private static List<Integer> groups(String part, boolean mayEndWithIpv4) {
        List<Integer> out = new ArrayList<>();
        if (part.isEmpty()) {
            return out;
        }
        String[] items = part.split(":", -1);
        for (int i = 0; i < items.length; i++) {
            String item = items[i];
            if (item.contains(".")) {
                if (i != items.length - 1 || !mayEndWithIpv4) {
                    return null;
                }
                String[] q = item.split("\\.", -1);
                if (ipv4(item, q).problem() != null) {
                    return null;
                }
                out.add(Integer.parseInt(q[0]) << 8 | Integer.parseInt(q[1]));
                out.add(Integer.parseInt(q[2]) << 8 | Integer.parseInt(q[3]));
            } else if (item.isEmpty() || item.length() > 4) {
                return null;
            } else {
                out.add(Integer.parseInt(item, 16));
            }
        }
        return out;
    }

    private static String format(int[] g) {
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(i, j);
        }
        var out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }
}
