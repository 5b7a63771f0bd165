package org.ossnet.agent.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.ossnet.core.torrent.Info;

/**
 * The whole file's SHA-256, hashed over the verified prefix as it grows, so that proving a finished download costs
 * only the pieces not hashed yet instead of one more pass over the whole file.
 *
 * <p>Pieces arrive in any order but a hash needs them in order. A piece that is next in file order is hashed from the
 * same read that checks its SHA-1 ({@link #check}); a piece verified ahead of the prefix waits, and is read again by a
 * background virtual thread once the pieces before it are verified. A seed shows pieces lowest first and a lone
 * download follows it, so there every piece is read once; in a swarm the prefix lags, and {@link #finish} hashes the
 * rest.
 */
final class PrefixHasher {

    /** Checks one piece against its SHA-1, reading it once and handing every chunk read to {@code alsoTo} too. */
    @FunctionalInterface
    interface PieceCheck {
        boolean matches(Consumer<ByteBuffer> alsoTo) throws IOException;
    }

    private static final int CHUNK = 256 * 1024;

    private final Info info;
    private final IntPredicate verified;
    private final Supplier<FileChannel> channel;
    private final AtomicBoolean running = new AtomicBoolean();
    // A lock rather than synchronized: a reader thread that finds the background pass hashing skips the prefix at once.
    private final ReentrantLock lock = new ReentrantLock();
    private MessageDigest digest;
    private ByteBuffer buffer;
    private int nextPiece;
    private boolean failed;

    PrefixHasher(Info info, IntPredicate verified, Supplier<FileChannel> channel) {
        this.info = info;
        this.verified = verified;
        this.channel = channel;
        this.digest = Digests.newDigest("SHA-256", info.length());
    }

    /**
     * Runs {@code check} on {@code piece}, which is complete but not yet verified. If the piece is next in file order
     * and no background pass holds the hash, the bytes the check reads extend the SHA-256 as well; if the check then
     * fails or throws, the hash is rolled back to before the piece.
     */
    boolean check(int piece, PieceCheck check) throws IOException {
        if (lock.tryLock()) {
            try {
                MessageDigest before = piece == nextPiece && !failed ? copy(digest) : null;
                if (before != null) {
                    boolean matches = false;
                    try {
                        matches = check.matches(digest::update);
                    } finally {
                        if (matches) {
                            nextPiece++;
                        } else {
                            digest = before;
                        }
                    }
                    return matches;
                }
            } finally {
                lock.unlock();
            }
        }
        return check.matches(bytes -> {});
    }

    /** A piece was verified: extend the prefix in the background if it now can grow. */
    void pieceVerified() {
        if (running.compareAndSet(false, true)) {
            Thread.ofVirtual().name("prefix-sha256").start(this::advanceInBackground);
        }
    }

    /** The SHA-256 of the whole file, whose every piece must be verified; hashes whatever the prefix lacks. */
    byte[] finish() throws IOException {
        lock.lock();
        try {
            if (failed) {
                reset();
            }
            advance();
            byte[] result = digest.digest();
            reset();
            return result;
        } finally {
            lock.unlock();
        }
    }

    private void advanceInBackground() {
        do {
            lock.lock();
            try {
                advance();
            } catch (IOException | RuntimeException e) {
                // finish() starts over from the first byte; a read that failed here will fail there too, loudly.
                failed = true;
            } finally {
                lock.unlock();
            }
            running.set(false);
        } while (!failed && canGrow() && running.compareAndSet(false, true));
    }

    private boolean canGrow() {
        lock.lock();
        try {
            return nextPiece < info.pieceCount() && verified.test(nextPiece);
        } finally {
            lock.unlock();
        }
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
        digest = Digests.newDigest("SHA-256", info.length());
        nextPiece = 0;
        failed = false;
    }

    /** A copy to roll back to, or null where the provider's digest cannot be cloned (then the piece is read twice). */
    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            return null;
        }
    }
}
