package org.ossnet.agent.storage;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Consumer;

/** Positional reads and digests over a file channel, which are safe to run from any number of threads at once. */
final class ChannelDigests {

    private static final int CHUNK = 256 * 1024;

    private ChannelDigests() {}

    /** The digest of {@code length} bytes at {@code position}, read in chunks so a large piece needs no large buffer. */
    static byte[] digest(FileChannel channel, String algorithm, long position, long length) throws IOException {
        return digest(channel, algorithm, position, length, bytes -> {});
    }

    /** As {@link #digest(FileChannel, String, long, long)}, handing every chunk read to {@code alsoTo} as well. */
    static byte[] digest(FileChannel channel, String algorithm, long position, long length, Consumer<ByteBuffer> alsoTo)
            throws IOException {
        MessageDigest digest = newDigest(algorithm);
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, length)));
        long done = 0;
        while (done < length) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), length - done));
            readFully(channel, buffer, position + done);
            buffer.flip();
            done += buffer.remaining();
            alsoTo.accept(buffer.duplicate());
            digest.update(buffer);
        }
        return digest.digest();
    }

    /** Reads exactly {@code buffer.remaining()} bytes at {@code position}. */
    static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException("part file ends at " + at + " before the piece does");
            }
            at += n;
        }
    }

    static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides " + algorithm, e);
        }
    }
}
