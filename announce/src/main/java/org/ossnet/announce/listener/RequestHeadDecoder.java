package org.ossnet.announce.listener;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes an HTTP/1.1 request head (RFC 9112) from bytes, within a size limit, copying out only the
 * target and the few headers the listener reads:
 *
 * <pre>
 * GET /announce?info_hash=%124Vx...&amp;port=6881 HTTP/1.1\r\n   request line: method SP target SP version
 * Host: tracker.example:6969\r\n                              headers: name ":" OWS value OWS
 * Connection: close\r\n
 * \r\n                                                        blank line: the end of the head
 * </pre>
 *
 * A bare LF ends a line like CRLF, and empty lines before the request line are skipped (RFC 9112
 * §2.2). Only origin-form targets of printable ASCII are accepted. It knows nothing of sockets.
 */
final class RequestHeadDecoder {

    /** The most header lines one request may carry. */
    static final int MAX_HEADERS = 100;

    private final int maxBytes;
    private final boolean forwardedFor;

    /**
     * @param maxBytes the largest head, request line included
     * @param forwardedFor whether to collect {@code X-Forwarded-For} (only when some proxy is trusted)
     */
    RequestHeadDecoder(int maxBytes, boolean forwardedFor) {
        this.maxBytes = maxBytes;
        this.forwardedFor = forwardedFor;
    }

    /**
     * Decodes the head starting at {@code from}.
     *
     * @return the head, or null if {@code [from, to)} holds only part of one that may still be valid
     * @throws RefusedRequestException 400 for a malformed head, 414 for a request line over the limit,
     *     431 for headers over it, 505 for an HTTP version other than 1.0 and 1.1
     */
    RequestHead decode(byte[] b, int from, int to) throws RefusedRequestException {
        int start = from;
        while (start < to && (b[start] == '\r' || b[start] == '\n')) {
            start++;
        }
        int limit = Math.min(to, from + maxBytes);
        int lineEnd = indexOf(b, start, limit, '\n');
        if (lineEnd < 0) {
            checkMethodPrefix(b, start, to);
            if (to - from >= maxBytes) {
                throw new RefusedRequestException(414, "request line longer than " + maxBytes + " bytes");
            }
            return null;
        }
        int lineStop = lineEnd > start && b[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        int space = indexOf(b, start, lineStop, ' ');
        int lastSpace = lastIndexOf(b, start, lineStop, ' ');
        if (space <= start || lastSpace == space || !isToken(b, start, space)) {
            throw new RefusedRequestException(400, "malformed request line");
        }
        boolean keepAlive = version(b, lastSpace + 1, lineStop);
        int targetStart = space + 1;
        if (b[targetStart] != '/') {
            throw new RefusedRequestException(400, "request target is not an absolute path");
        }
        int question = -1;
        for (int i = targetStart; i < lastSpace; i++) {
            byte c = b[i];
            if (c < 0x21 || c > 0x7e) {
                throw new RefusedRequestException(400, "request target has a byte that is not printable ASCII");
            }
            if (c == '?' && question < 0) {
                question = i;
            }
        }
        int pathEnd = question < 0 ? lastSpace : question;
        String method = new String(b, start, space - start, StandardCharsets.US_ASCII);
        String path = new String(b, targetStart, pathEnd - targetStart, StandardCharsets.US_ASCII);
        String query =
                question < 0 ? null : new String(b, question + 1, lastSpace - question - 1, StandardCharsets.US_ASCII);
        return headers(b, from, to, limit, lineEnd + 1, method, path, query, keepAlive);
    }

    private RequestHead headers(
            byte[] b, int from, int to, int limit, int pos, String method, String path, String query, boolean keepAlive)
            throws RefusedRequestException {
        List<String> forwarded = List.of();
        long bodyLength = 0;
        boolean close = false;
        boolean keep = keepAlive;
        int count = 0;
        while (true) {
            int lineEnd = indexOf(b, pos, limit, '\n');
            if (lineEnd < 0) {
                if (to - from >= maxBytes) {
                    throw new RefusedRequestException(431, "request headers larger than " + maxBytes + " bytes");
                }
                return null;
            }
            int lineStop = lineEnd > pos && b[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            if (lineStop == pos) {
                return new RequestHead(method, path, query, keep && !close, forwarded, bodyLength, lineEnd + 1);
            }
            if (++count > MAX_HEADERS) {
                throw new RefusedRequestException(431, "more than " + MAX_HEADERS + " header lines");
            }
            if (b[pos] == ' ' || b[pos] == '\t') {
                throw new RefusedRequestException(400, "folded header line");
            }
            int colon = indexOf(b, pos, lineStop, ':');
            if (colon <= pos || !isToken(b, pos, colon)) {
                throw new RefusedRequestException(400, "malformed header line");
            }
            int valueStart = colon + 1;
            int valueStop = lineStop;
            while (valueStart < valueStop && (b[valueStart] == ' ' || b[valueStart] == '\t')) {
                valueStart++;
            }
            while (valueStop > valueStart && (b[valueStop - 1] == ' ' || b[valueStop - 1] == '\t')) {
                valueStop--;
            }
            for (int i = valueStart; i < valueStop; i++) {
                if ((b[i] >= 0 && b[i] < 0x20 && b[i] != '\t') || b[i] == 0x7f) {
                    throw new RefusedRequestException(400, "control character in a header value");
                }
            }
            if (is(b, pos, colon, "connection")) {
                String value = text(b, valueStart, valueStop);
                for (String option : value.split(",")) {
                    close |= option.trim().equalsIgnoreCase("close");
                    keep |= option.trim().equalsIgnoreCase("keep-alive");
                }
            } else if (is(b, pos, colon, "content-length")) {
                long length = contentLength(b, valueStart, valueStop);
                if (bodyLength > 0 && length != bodyLength) {
                    throw new RefusedRequestException(400, "conflicting Content-Length headers");
                }
                bodyLength = bodyLength < 0 ? bodyLength : length;
            } else if (is(b, pos, colon, "transfer-encoding")) {
                bodyLength = -1;
            } else if (forwardedFor && is(b, pos, colon, "x-forwarded-for")) {
                if (forwarded.isEmpty()) {
                    forwarded = new ArrayList<>(2);
                }
                forwarded.add(text(b, valueStart, valueStop));
            }
            pos = lineEnd + 1;
        }
    }

    /** Garbage without a line end is refused at once rather than after the idle timeout. */
    private static void checkMethodPrefix(byte[] b, int start, int to) throws RefusedRequestException {
        for (int i = start; i < to && b[i] != ' '; i++) {
            if (!isTokenChar(b[i])) {
                throw new RefusedRequestException(400, "malformed request line");
            }
        }
    }

    private static boolean version(byte[] b, int from, int to) throws RefusedRequestException {
        if (to - from == 8
                && b[from] == 'H'
                && b[from + 1] == 'T'
                && b[from + 2] == 'T'
                && b[from + 3] == 'P'
                && b[from + 4] == '/'
                && b[from + 6] == '.') {
            if (b[from + 5] == '1' && b[from + 7] == '1') {
                return true;
            }
            if (b[from + 5] == '1' && b[from + 7] == '0') {
                return false;
            }
            if (Character.isDigit(b[from + 5]) && Character.isDigit(b[from + 7])) {
                throw new RefusedRequestException(505, "only HTTP/1.0 and HTTP/1.1 are served here");
            }
        }
        throw new RefusedRequestException(400, "malformed HTTP version");
    }

    private static long contentLength(byte[] b, int from, int to) throws RefusedRequestException {
        if (from == to || to - from > 18) {
            throw new RefusedRequestException(400, "malformed Content-Length");
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                throw new RefusedRequestException(400, "malformed Content-Length");
            }
            value = value * 10 + (b[i] - '0');
        }
        return value;
    }

    /** Case-insensitive comparison of {@code [from, to)} with a lower-case ASCII name. */
    private static boolean is(byte[] b, int from, int to, String lowerCase) {
        if (to - from != lowerCase.length()) {
            return false;
        }
        for (int i = 0; i < lowerCase.length(); i++) {
            int c = b[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isToken(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isTokenChar(b[i])) {
                return false;
            }
        }
        return to > from;
    }

    /** RFC 9110 tchar. */
    private static boolean isTokenChar(byte c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || (c > 0x20 && c < 0x7f && "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
    }

    private static String text(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(byte[] b, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, int from, int to, char c) {
        for (int i = to - 1; i >= from; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
