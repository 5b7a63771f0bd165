package org.ossnet.agent.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.ossnet.core.torrent.Info;

/**
 * The whole file's SHA-256, hashed on a background virtual thread over the verified prefix as it grows, so that
 * proving a finished download costs only the pieces not hashed yet instead of one more pass over the whole file.
 *
 * <p>Pieces arrive in any order but a hash needs them in order: the hasher advances while the piece after its prefix
 * is verified, and waits (costs nothing) otherwise. A seed shows pieces lowest first and a lone download follows it, so
 * there the prefix keeps up with the download; in a swarm it lags, and {@link #finish} hashes the rest.
 */
final class PrefixHasher {

    private static final int CHUNK = 256 * 1024;

    private final Info info;
    private final IntPredicate verified;
    private final Supplier<FileChannel> channel;
    private final AtomicBoolean running = new AtomicBoolean();
    private MessageDigest digest = ChannelDigests.newDigest("SHA-256");
    private ByteBuffer buffer;
    private int nextPiece;
    private boolean failed;

    PrefixHasher(Info info, IntPredicate verified, Supplier<FileChannel> channel) {
        this.info = info;
        this.verified = verified;
        this.channel = channel;
    }

    /** A piece was verified: extend the prefix in the background if it now can grow. */
    void pieceVerified() {
        if (running.compareAndSet(false, true)) {
            Thread.ofVirtual().name("prefix-sha256").start(this::advanceInBackground);
        }
    }

    /** The SHA-256 of the whole file, whose every piece must be verified; hashes whatever the prefix lacks. */
    synchronized byte[] finish() throws IOException {
        if (failed) {
            reset();
        }
        advance();
        byte[] result = digest.digest();
        reset();
        return result;
    }

    private void advanceInBackground() {
        do {
            synchronized (this) {
                try {
                    advance();
                } catch (IOException | RuntimeException e) {
                    // finish() starts over from the first byte; a read that failed here will fail there too, loudly.
                    failed = true;
                }
            }
            running.set(false);
        } while (!failed && canGrow() && running.compareAndSet(false, true));
    }

    private synchronized boolean canGrow() {
        return nextPiece < info.pieceCount() && verified.test(nextPiece);
    }

    private void advance() throws IOException {
        while (!failed && canGrow()) {
            if (buffer == null) {
                buffer = ByteBuffer.allocate((int) Math.min(CHUNK, info.pieceLength()));
            }
            long start = (long) nextPiece * info.pieceLength();
            long length = info.pieceSize(nextPiece);
            for (long done = 0; done < length; ) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), length - done));
                ChannelDigests.readFully(channel.get(), buffer, start + done);
                done += buffer.flip().remaining();
                digest.update(buffer);
            }
            nextPiece++;
        }
    }

    private void reset() {
        digest = ChannelDigests.newDigest("SHA-256");
        nextPiece = 0;
        failed = false;
    }
}
