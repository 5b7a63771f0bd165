package org.ossnet.agent.origin;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** The status line and header fields of one response, in the order they are added. */
final class ResponseHead {

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(200, "OK"),
            Map.entry(206, "Partial Content"),
            Map.entry(304, "Not Modified"),
            Map.entry(400, "Bad Request"),
            Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"),
            Map.entry(414, "URI Too Long"),
            Map.entry(416, "Range Not Satisfiable"),
            Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(500, "Internal Server Error"),
            Map.entry(505, "HTTP Version Not Supported"));

    private final int status;
    private final StringBuilder text = new StringBuilder(256);

    ResponseHead(int status) {
        this.status = status;
        text.append("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(reason(status))
                .append("\r\n");
        header("Date", HttpDates.format(Instant.now()));
    }

    static String reason(int status) {
        return REASONS.getOrDefault(status, "Unknown");
    }

    int status() {
        return status;
    }

    ResponseHead header(String name, Object value) {
        text.append(name).append(": ").append(value).append("\r\n");
        return this;
    }

    /** Adds {@code Connection: close} unless the connection is kept. */
    ResponseHead connection(boolean keepAlive) {
        return keepAlive ? this : header("Connection", "close");
    }

    ByteBuffer toBuffer() {
        return ByteBuffer.wrap((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
}
