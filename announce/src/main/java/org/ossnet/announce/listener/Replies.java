package org.ossnet.announce.listener;

import java.nio.charset.StandardCharsets;
import org.ossnet.announce.protocol.BencodeWriter;

/**
 * The listener's HTTP replies. A served request gets the same reply as the servlet on the main
 * port: 200, {@code text/plain}, {@code Cache-Control: no-store} and the engine's bencoded body,
 * refusals included. A request that is not an announce or scrape gets a plain-text error and the
 * connection is closed after it:
 *
 * <pre>
 * HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nCache-Control: no-store\r\nContent-Length: 12\r\n\r\nd8:completei0ee...
 * HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: text/plain\r\nContent-Length: 41\r\nConnection: close\r\n\r\n...
 * </pre>
 */
final class Replies {

    private static final byte[] OK_HEAD =
            ascii("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nCache-Control: no-store\r\nContent-Length: ");
    private static final byte[] END_KEEP = ascii("\r\n\r\n");
    private static final byte[] END_CLOSE = ascii("\r\nConnection: close\r\n\r\n");

    private Replies() {}

    /** A 200 with a bencoded body. */
    static void ok(ReplyBuffer out, BencodeWriter body, boolean keepAlive) {
        out.put(OK_HEAD)
                .decimal(body.size())
                .put(keepAlive ? END_KEEP : END_CLOSE)
                .put(body);
    }

    /** An error with {@code reason} as its plain-text body, announcing that the connection closes. */
    static void refused(ReplyBuffer out, int status, String reason) {
        byte[] body = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        out.ascii("HTTP/1.1 ")
                .decimal(status)
                .ascii(" ")
                .ascii(phrase(status))
                .ascii("\r\nContent-Type: text/plain; charset=utf-8\r\n");
        if (status == 405) {
            out.ascii("Allow: GET\r\n");
        }
        out.ascii("Content-Length: ").decimal(body.length).put(END_CLOSE).put(body);
    }

    static String phrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            case 505 -> "HTTP Version Not Supported";
            default -> "Error";
        };
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
