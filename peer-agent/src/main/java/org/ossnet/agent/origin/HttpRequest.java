package org.ossnet.agent.origin;

import java.util.Locale;
import java.util.Map;

/**
 * One parsed request head.
 *
 * @param method the method token, case-sensitive as HTTP requires
 * @param target the request target exactly as sent (origin form, still percent-encoded)
 * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param headers header values by lower-case name; repeated fields are joined with {@code ", "}
 */
record HttpRequest(String method, String target, String version, Map<String, String> headers) {

    HttpRequest {
        headers = Map.copyOf(headers);
    }

    /** The value of a header, or null; {@code name} is matched case-insensitively. */
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The target without its query string or fragment, which may carry secrets and never names a file here. */
    String path() {
        int end = target.length();
        int query = target.indexOf('?');
        int fragment = target.indexOf('#');
        if (query >= 0) {
            end = query;
        }
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        return target.substring(0, end);
    }

    /** Whether the client may send another request on this connection (HTTP/1.0 connections are not kept). */
    boolean keepAlive() {
        String connection = header("connection");
        boolean close =
                connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
        return "HTTP/1.1".equals(version) && !close;
    }

    /**
     * Whether a body follows the head. The server reads no bodies, so such a connection is closed after the response
     * rather than risk reading body bytes as the next request.
     */
    boolean hasBody() {
        String length = header("content-length");
        return header("transfer-encoding") != null || (length != null && !length.equals("0"));
    }
}
