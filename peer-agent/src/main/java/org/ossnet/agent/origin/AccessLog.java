package org.ossnet.agent.origin;

import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Formats access log lines in the common log format.
 *
 * <p>The query string is never logged, because signed or tokenised URLs carry secrets there, and anything outside
 * printable ASCII in the request line is escaped as {@code \xHH} so a client cannot forge log lines.
 */
final class AccessLog {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

    private final Consumer<String> sink;
    private final LongAdder bodyBytes = new LongAdder();

    AccessLog(Consumer<String> sink) {
        this.sink = sink;
    }

    /** Logs one response; {@code request} is null when the request could not be parsed. */
    void log(InetAddress client, HttpRequest request, int status, long bytes) {
        bodyBytes.add(bytes);
        String requestLine = request == null
                ? "-"
                : escape(request.method()) + " " + escape(request.path()) + " " + escape(request.version());
        sink.accept(client.getHostAddress() + " - - [" + TIME.format(Instant.now()) + "] \"" + requestLine + "\" "
                + status + " " + (bytes == 0 ? "-" : Long.toString(bytes)));
    }

    /** The body bytes of every response logged so far, whether or not the lines go anywhere. */
    long bodyBytes() {
        return bodyBytes.sum();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                out.append(String.format("\\x%02x", (int) c & 0xff));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
