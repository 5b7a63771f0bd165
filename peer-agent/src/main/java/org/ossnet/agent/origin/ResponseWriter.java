package org.ossnet.agent.origin;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Writes responses to a connection and reports progress, so the watchdog can tell a slow reader from a stalled one.
 *
 * <p>File bodies go through {@link FileChannel#transferTo}, which on Linux is {@code sendfile}: the bytes never enter
 * the Java heap. They are sent in slices of {@value #SLICE} bytes so progress is reported often enough for a stall
 * timeout of seconds to be meaningful even for a slow but live client.
 */
final class ResponseWriter {

    static final int SLICE = 256 * 1024;
    private static final int BUFFER = 64 * 1024;

    private final SocketChannel channel;
    private final Runnable progress;
    private int status;
    private long bodyBytes;
    private ByteBuffer buffer;

    ResponseWriter(SocketChannel channel, Runnable progress) {
        this.channel = channel;
        this.progress = progress;
    }

    /** Starts a new response on a kept-alive connection. */
    void reset() {
        status = 0;
        bodyBytes = 0;
    }

    /** The status of the response being written, or 0 if none was started. */
    int status() {
        return status;
    }

    /** Body bytes written so far. */
    long bodyBytes() {
        return bodyBytes;
    }

    void head(ResponseHead head) throws IOException {
        status = head.status();
        write(head.toBuffer());
    }

    /** A short plain-text error response; {@code head} lacks only the body headers. */
    void error(ResponseHead head, boolean withBody) throws IOException {
        byte[] body =
                (head.status() + " " + ResponseHead.reason(head.status()) + "\n").getBytes(StandardCharsets.UTF_8);
        head(head.header("Content-Type", "text/plain; charset=utf-8").header("Content-Length", body.length));
        if (withBody) {
            bodyBytes += body.length;
            write(ByteBuffer.wrap(body));
        }
    }

    /** Sends {@code count} bytes of {@code file} from {@code position}; fails if the file ends early. */
    void transfer(FileChannel file, long position, long count) throws IOException {
        long end = position + count;
        while (position < end) {
            long slice = Math.min(SLICE, end - position);
            long sent = file.transferTo(position, slice, channel);
            if (sent == 0) {
                sent = copyThroughBuffer(file, position, slice);
            }
            position += sent;
            bodyBytes += sent;
            progress.run();
        }
    }

    /**
     * Sends one buffer's worth the ordinary way. On a virtual thread the socket is non-blocking underneath, so
     * {@code transferTo} returns 0 instead of waiting when the socket's send buffer is full; a channel write parks the
     * thread until there is room, after which {@code sendfile} can take over again.
     */
    private long copyThroughBuffer(FileChannel file, long position, long limit) throws IOException {
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(BUFFER);
        }
        buffer.clear().limit((int) Math.min(BUFFER, limit));
        int read = file.read(buffer, position);
        if (read <= 0) {
            // The file shrank after its Content-Length was promised; the connection must end here.
            throw new EOFException("file ended before the promised length");
        }
        buffer.flip();
        write(buffer);
        return read;
    }

    private void write(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
            progress.run();
        }
    }
}
