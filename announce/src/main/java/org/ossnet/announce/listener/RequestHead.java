package org.ossnet.announce.listener;

import java.util.List;

/**
 * One decoded request head.
 *
 * @param method the request method as sent, e.g. {@code GET}
 * @param path the target up to {@code ?}, e.g. {@code /announce}
 * @param query the raw target after {@code ?}, not decoded; null when there is no {@code ?}
 * @param keepAlive whether the connection stays open after the reply ({@code HTTP/1.1} without
 *     {@code Connection: close}, or {@code HTTP/1.0} with {@code Connection: keep-alive})
 * @param forwardedFor the {@code X-Forwarded-For} values in order; empty unless asked for
 * @param bodyLength the {@code Content-Length}, 0 without one, -1 for a {@code Transfer-Encoding}
 * @param end the offset just after the head's blank line
 */
record RequestHead(
        String method,
        String path,
        String query,
        boolean keepAlive,
        List<String> forwardedFor,
        long bodyLength,
        int end) {

    boolean hasBody() {
        return bodyLength != 0;
    }
}
