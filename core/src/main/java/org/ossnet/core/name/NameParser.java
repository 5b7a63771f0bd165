package org.ossnet.core.name;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** Turns the text of an {@code ossnet://} name, or of a relative name, into its parts; every rejection says where. */
final class NameParser {

    static final String SCHEME = "ossnet://";
    static final int MAX_INPUT_CHARS = 32_768;

    private final String kind;
    private final String input;

    private NameParser(String kind, String input) {
        this.kind = kind;
        this.input = input;
    }

    static OssnetName parse(String input) {
        var p = new NameParser("ossnet name", input);
        p.checkLength();
        if (!p.hasScheme()) {
            throw p.fail("expected scheme 'ossnet://' at index 0");
        }
        p.rejectQueryAndFragment();
        int slash = input.indexOf('/', SCHEME.length());
        int authorityEnd = slash < 0 ? input.length() : slash;
        String authority = input.substring(SCHEME.length(), authorityEnd);
        int at = authority.indexOf('@');
        if (at >= 0) {
            throw p.fail("userinfo is not allowed (at index " + (SCHEME.length() + at) + ")");
        }
        int portColon = p.portColon(authority);
        String hostText = portColon < 0 ? authority : authority.substring(0, portColon);
        HostParser.Result host = HostParser.parse(hostText);
        if (host.problem() != null) {
            throw p.fail(host.problem() + " (at index " + (SCHEME.length() + host.offset()) + ")");
        }
        OptionalInt port = portColon < 0
                ? OptionalInt.empty()
                : p.port(authority.substring(portColon + 1), SCHEME.length() + portColon + 1);
        int pathStart = authorityEnd + 1;
        if (authorityEnd >= input.length() || pathStart == input.length()) {
            return new OssnetName(host.host(), port, List.of(), true);
        }
        boolean directory = input.endsWith("/");
        List<String> segments = p.segments(pathStart, directory ? input.length() - 1 : input.length());
        return p.build(() -> new OssnetName(host.host(), port, segments, directory));
    }

    /** Parses a relative, percent-encoded reference such as {@code "b/c.rpm"} or {@code "b/"}. */
    static OssnetName resolve(OssnetName base, String relative) {
        var p = new NameParser("relative name", relative);
        p.checkLength();
        if (relative.isEmpty()) {
            throw p.fail("is empty");
        }
        if (relative.startsWith("/")) {
            throw p.fail("starts with '/' (at index 0)");
        }
        p.rejectQueryAndFragment();
        boolean directory = relative.endsWith("/");
        List<String> segments = new ArrayList<>(base.segments());
        segments.addAll(p.segments(0, directory ? relative.length() - 1 : relative.length()));
        return p.build(() -> new OssnetName(base.host(), base.port(), segments, directory));
    }

    private OssnetName build(java.util.function.Supplier<OssnetName> constructor) {
        try {
            return constructor.get();
        } catch (InvalidNameException e) {
            throw fail(e.reason());
        }
    }

    /** Compares ASCII only, because Unicode case folding would let look-alikes such as U+017F pass as 's'. */
    private boolean hasScheme() {
        if (input.length() < SCHEME.length()) {
            return false;
        }
        for (int i = 0; i < SCHEME.length(); i++) {
            char c = input.charAt(i);
            char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
            if (lower != SCHEME.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void checkLength() {
        if (input.length() > MAX_INPUT_CHARS) {
            throw fail("is " + input.length() + " characters long, more than " + MAX_INPUT_CHARS);
        }
    }

    private void rejectQueryAndFragment() {
        int q = input.indexOf('?');
        int f = input.indexOf('#');
        if (q >= 0 && (f < 0 || q < f)) {
            throw fail("a query is not allowed (at index " + q + ")");
        }
        if (f >= 0) {
            throw fail("a fragment is not allowed (at index " + f + ")");
        }
    }

    private int portColon(String authority) {
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close >= 0 && close + 1 < authority.length()) {
                if (authority.charAt(close + 1) != ':') {
                    throw fail("expected ':' after IPv6 literal (at index " + (SCHEME.length() + close + 1) + ")");
                }
                return close + 1;
            }
            return -1;
        }
        int first = authority.indexOf(':');
        if (first >= 0 && authority.indexOf(':', first + 1) >= 0) {
            throw fail("an IPv6 literal must be in brackets (at index " + SCHEME.length() + ")");
        }
        return first;
    }

    private OptionalInt port(String text, int index) {
        if (text.isEmpty()) {
            throw fail("port is empty (at index " + index + ")");
        }
        if (!text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw fail("port '" + InvalidNameException.quote(text) + "' is not a number (at index " + index + ")");
        }
        String digits = text.replaceFirst("^0+(?=.)", "");
        int value = digits.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        if (value < 1 || value > 65_535) {
            throw fail("port " + InvalidNameException.quote(digits) + " is out of range 1-65535");
        }
        return OptionalInt.of(value);
    }

    /** Splits input[start, end) at '/' and decodes each segment; segment numbers in messages start at 1. */
    private List<String> segments(int start, int end) {
        List<String> out = new ArrayList<>();
        int segStart = start;
        for (int n = 1; segStart <= end; n++) {
            int slash = input.indexOf('/', segStart);
            int segEnd = slash < 0 || slash > end ? end : slash;
            if (segEnd == segStart) {
                throw fail("segment " + n + " is empty (at index " + segStart + ")");
            }
            String segment = decode(n, segStart, segEnd);
            var problem = Segments.problem(segment);
            if (problem.isPresent()) {
                throw fail("segment " + n + " " + problem.get() + " (at index " + segStart + ")");
            }
            out.add(segment);
            segStart = segEnd + 1;
        }
        return out;
    }

    private String decode(int n, int start, int end) {
        var out = new StringBuilder();
        ByteBuffer bytes = ByteBuffer.allocate(end - start);
        for (int i = start; i < end; i++) {
            char c = input.charAt(i);
            if (c == '%') {
                int hi = i + 2 < end ? Character.digit(input.charAt(i + 1), 16) : -1;
                int lo = i + 2 < end ? Character.digit(input.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0 || input.charAt(i + 1) > 0x7F || input.charAt(i + 2) > 0x7F) {
                    throw fail("bad percent-encoding at index " + i);
                }
                bytes.put((byte) (hi << 4 | lo));
                i += 2;
                continue;
            }
            flush(bytes, out, n, i);
            if (c == '\\') {
                throw fail("segment " + n + " contains a backslash (at index " + i + ")");
            }
            if (Character.isISOControl(c)) {
                throw fail(String.format("segment %d contains control character U+%04X (at index %d)", n, (int) c, i));
            }
            if (c < 0x80 && !Segments.isPchar(c)) {
                throw fail(
                        "segment " + n + " contains '" + c + "', which must be percent-encoded (at index " + i + ")");
            }
            if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(input.charAt(i + 1))) {
                out.append(c).append(input.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                throw fail("segment " + n + " contains an unpaired surrogate (at index " + i + ")");
            } else {
                out.append(c);
            }
        }
        flush(bytes, out, n, end);
        return out.toString();
    }

    /** Decodes pending percent-encoded bytes strictly, so overlong forms and stray continuation bytes fail. */
    private void flush(ByteBuffer bytes, StringBuilder out, int n, int index) {
        if (bytes.position() == 0) {
            return;
        }
        bytes.flip();
        try {
            out.append(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes));
        } catch (CharacterCodingException e) {
            throw fail("percent-encoded bytes in segment " + n + " are not valid UTF-8 (before index " + index + ")");
        }
        bytes.clear();
    }

    private InvalidNameException fail(String reason) {
        return new InvalidNameException(kind, input, reason);
    }
}
