package org.ossnet.core.json;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the subset of JSON snapshots use (objects, arrays, strings, integers) the RFC 8785 (JCS) way: keys sorted
 * by UTF-16 code units, no insignificant whitespace, strings escaped only where JSON requires (with the short forms
 * where they exist), and integers in plain decimal, which is what JCS gives for integers up to 2^53.
 */
public final class CanonicalJson {

    private CanonicalJson() {}

    public static String write(Object value) {
        var out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (var e : new TreeMap<>(map).entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string((String) e.getKey(), out);
                    out.append(':');
                    write(e.getValue(), out);
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(list.get(i), out);
                }
                out.append(']');
            }
            case String s -> string(s, out);
            case Long l -> out.append(l.longValue());
            case Integer i -> out.append(i.intValue());
            default -> throw new IllegalArgumentException("not a canonical JSON value: " + value.getClass());
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
