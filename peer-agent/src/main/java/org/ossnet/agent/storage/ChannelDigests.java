package org.ossnet.agent.storage;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.function.Consumer;

/** Positional reads and digests over a file channel, which are safe to run from any number of threads at once. */
final class ChannelDigests {

    private static final int CHUNK = 256 * 1024;

    /**
     * Chunk buffers of {@link #CHUNK} bytes kept between digests: a download verifies a piece per piece length
     * received, and a fresh buffer each time made as much garbage as data (a GiB per GiB with pieces of 256 KiB or
     * more), which grew the heap and the RSS of {@code ossnet get}. A few suffice: one per piece verified at once.
     */
    private static final int POOLED = 4;

    private static final ArrayBlockingQueue<ByteBuffer> POOL = new ArrayBlockingQueue<>(POOLED);

    private ChannelDigests() {}

    /** The digest of {@code length} bytes at {@code position}, read in chunks so a large piece needs no large buffer. */
    static byte[] digest(FileChannel channel, String algorithm, long position, long length) throws IOException {
        return digest(channel, algorithm, position, length, bytes -> {});
    }

    /** As {@link #digest(FileChannel, String, long, long)}, handing every chunk read to {@code alsoTo} as well. */
    static byte[] digest(FileChannel channel, String algorithm, long position, long length, Consumer<ByteBuffer> alsoTo)
            throws IOException {
        MessageDigest digest = Digests.newDigest(algorithm, length);
        ByteBuffer buffer = length >= CHUNK ? borrow() : ByteBuffer.allocate((int) Math.max(1, length));
        try {
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
        } finally {
            if (buffer.capacity() == CHUNK) {
                POOL.offer(buffer);
            }
        }
    }

    /**
     * The digest of {@code data}'s remaining bytes, handing them to {@code alsoTo} as well, a chunk at a time so that
     * both hashes read each chunk while it is still in the CPU's cache. Leaves {@code data} as it was.
     */
    static byte[] digest(ByteBuffer data, String algorithm, Consumer<ByteBuffer> alsoTo) {
        MessageDigest digest = Digests.newDigest(algorithm, data.remaining());
        for (int at = data.position(); at < data.limit(); at += CHUNK) {
            ByteBuffer chunk = data.slice(at, Math.min(CHUNK, data.limit() - at));
            alsoTo.accept(chunk.duplicate());
            digest.update(chunk);
        }
        return digest.digest();
    }

    private static ByteBuffer borrow() {
        ByteBuffer pooled = POOL.poll();
        return pooled != null ? pooled : ByteBuffer.allocate(CHUNK);
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
}
