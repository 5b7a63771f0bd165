package org.ossnet.agent.origin;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one HTTP/1.x request head from a stream, within a byte and a field limit.
 *
 * <p>It is strict where leniency lets requests be read two ways (whitespace before a colon, folded lines, bare CR,
 * repeated {@code Host} or conflicting {@code Content-Length}): those get 400 rather than a guess. A bare LF ends a line
 * as RFC 9112 allows.
 */
final class RequestReader {

    private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";

    private final int maxHeaderBytes;
    private final int maxHeaderCount;

    RequestReader(int maxHeaderBytes, int maxHeaderCount) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxHeaderCount = maxHeaderCount;
    }

    /**
     * Reads the next request head.
     *
     * @return the request, or null if the stream ended cleanly before a request began
     * @throws HttpException if the head is malformed or too large
     * @throws EOFException if the stream ended inside a head
     */
    HttpRequest read(InputStream in) throws IOException, HttpException {
        int[] budget = {maxHeaderBytes};
        String requestLine;
        do {
            // RFC 9112 asks servers to ignore empty lines before a request line.
            requestLine = readLine(in, budget, true, 414);
            if (requestLine == null) {
                return null;
            }
        } while (requestLine.isEmpty());
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || !isTarget(parts[1])) {
            throw new HttpException(400, "malformed request line");
        }
        String version = parts[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new HttpException(version.startsWith("HTTP/") ? 505 : 400, "unsupported version");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int count = 0;
        for (String line = readLine(in, budget, false, 431); !line.isEmpty(); line = readLine(in, budget, false, 431)) {
            if (++count > maxHeaderCount) {
                throw new HttpException(431, "too many header fields");
            }
            addField(headers, line);
        }
        if (version.equals("HTTP/1.1") && !headers.containsKey("host")) {
            throw new HttpException(400, "missing Host");
        }
        return new HttpRequest(parts[0], parts[1], version, headers);
    }

    private static void addField(Map<String, String> headers, String line) throws HttpException {
        int colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.substring(0, colon))) {
            // Also catches obsolete line folding, whose continuation lines start with whitespace.
            throw new HttpException(400, "malformed header field");
        }
        String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).strip();
        String previous = headers.get(name);
        if (previous == null) {
            headers.put(name, value);
        } else if (name.equals("host") || (name.equals("content-length") && !previous.equals(value))) {
            throw new HttpException(400, "conflicting " + name);
        } else if (!name.equals("content-length")) {
            headers.put(name, previous + ", " + value);
        }
    }

    /** Reads a line without its terminator, or null at a clean end of stream when {@code eofAllowed}. */
    private static String readLine(InputStream in, int[] budget, boolean eofAllowed, int tooLongStatus)
            throws IOException, HttpException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        boolean sawCr = false;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofAllowed && line.size() == 0 && !sawCr) {
                    return null;
                }
                throw new EOFException("connection closed inside a request head");
            }
            if (--budget[0] < 0) {
                throw new HttpException(tooLongStatus, "request head too large");
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.ISO_8859_1);
            }
            if (sawCr || b == 0) {
                throw new HttpException(400, "bare CR or NUL in request head");
            }
            if (b == '\r') {
                sawCr = true;
            } else {
                line.write(b);
            }
        }
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9'
                    || c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || TOKEN_CHARS.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTarget(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }
}
