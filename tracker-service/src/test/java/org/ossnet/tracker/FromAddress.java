package org.ossnet.tracker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * GETs over HTTP/1.0 from a chosen loopback source address (127.0.0.0/8 all reaches the tracker), which is what region
 * rules see: the socket's address, never a header.
 */
public final class FromAddress {

    private FromAddress() {}

    /** A response read raw. */
    public record Raw(int status, String head, byte[] bodyBytes) {

        public String body() {
            return new String(bodyBytes, StandardCharsets.UTF_8);
        }
    }

    /** GETs {@code uri} from {@code source}; the response must be 200. */
    public static Raw get(String source, URI uri) throws IOException {
        Raw raw = send(source, uri);
        if (raw.status() != 200) {
            throw new IOException("GET " + uri + " from " + source + " answered " + raw.head());
        }
        return raw;
    }

    /** GETs {@code uri} from {@code source}, whatever the status. */
    public static Raw send(String source, URI uri) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            socket.getOutputStream()
                    .write(("GET " + target + " HTTP/1.0\r\nHost: " + uri.getAuthority() + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(all);
            byte[] bytes = all.toByteArray();
            int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String head = new String(bytes, 0, end, StandardCharsets.US_ASCII);
            int status = Integer.parseInt(head.substring(9, 12));
            return new Raw(status, head, Arrays.copyOfRange(bytes, end + 4, bytes.length));
        }
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new IllegalStateException("no end of the header in " + bytes.length + " bytes");
    }
}
