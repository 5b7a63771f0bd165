package org.ossnet.agent.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.function.LongSupplier;
import org.ossnet.core.torrent.Info;
import org.ossnet.core.torrent.InfoHash;

/**
 * The pieces of one file, downloading into {@code <final>.ossnet-part} or seeding a complete file read-only.
 *
 * <p>Blocks may be written and read from any thread: file I/O uses positional reads and writes outside the store's
 * lock, which guards only the block bookkeeping. A piece is verified when its last block lands, rather than hashing
 * blocks as they arrive, because blocks from many peers arrive out of order. Up to a budget ({@link PieceBuffers}) a
 * piece is put together in memory, hashed there and written to disk only once it matches; past it, its blocks are
 * written as they come and the piece is read back from the part file. The same bytes extend the whole file's SHA-256
 * when the piece is next in file order (see {@link PrefixHasher} and {@link PieceVerifier}).
 *
 * <p>Verified pieces are recorded in {@code <final>.ossnet-resume} (see {@link ResumeRecord}), rewritten atomically
 * whenever at least {@link #RESUME_BATCH_BYTES} of newly verified data is unrecorded and {@link #RESUME_INTERVAL_NANOS}
 * have passed since the last record, and on {@link #close()}; a crash loses at most that much verified work, or what
 * was verified in that interval if more. On open, every recorded piece is re-verified rather than trusted: a
 * modification time cannot prove data reached the disk, while re-hashing only the pieces already held costs one read.
 */
public final class PieceStore implements AutoCloseable {

    /** Suffix of the file a download writes into until its SHA-256 is proven. */
    public static final String PART_SUFFIX = ".ossnet-part";

    /** Suffix of the record of verified pieces kept beside the part file. */
    public static final String RESUME_SUFFIX = ".ossnet-resume";

    /** How much newly verified data may go unrecorded before the resume record is rewritten. */
    static final long RESUME_BATCH_BYTES = 4L * 1024 * 1024;

    /**
     * How long after one record the next may be written, however much was verified meanwhile: at 350 MiB/s the batch
     * alone meant 87 file replacements a second (0.13 CPU-s per GiB on this machine, and on a slow disk each one holds
     * up the piece checks). aria2 saves its control file once a minute; a second keeps a crash's loss small.
     */
    static final long RESUME_INTERVAL_NANOS = 1_000_000_000L;

    private final Path finalPath;
    private final Path resumePath;
    private final InfoHash infoHash;
    private final Info info;
    private final BlockTracker tracker;
    private final Object resumeLock = new Object();
    private final PrefixHasher prefixHasher;
    private final PieceVerifier verifier;
    private volatile FileChannel channel;

    /** Whether blocks may be sent from a mapping of the file: a seeded file, complete and never written. */
    private final boolean mappable;

    /** The file mapped for sending, read-only, in regions of {@link SeedMappings#REGION_BYTES}; null until first asked. */
    private volatile ByteBuffer[] mapped;

    private boolean complete;
    private long unrecordedBytes;
    private final LongSupplier clock;
    private long lastRecordNanos;

    private PieceStore(
            Path finalPath,
            InfoHash infoHash,
            Info info,
            FileChannel channel,
            BitSet verified,
            boolean done,
            PieceBuffers buffers,
            LongSupplier clock,
            boolean mappable) {
        this.finalPath = finalPath;
        this.mappable = mappable;
        this.resumePath = resumeOf(finalPath);
        this.infoHash = infoHash;
        this.info = info;
        this.channel = channel;
        this.tracker = new BlockTracker(info, verified, buffers);
        this.complete = done;
        this.prefixHasher = new PrefixHasher(info, this::hasPiece, () -> this.channel);
        this.verifier = new PieceVerifier(info, prefixHasher, () -> this.channel);
        this.clock = clock;
        // The first batch is recorded as soon as it is verified.
        this.lastRecordNanos = clock.getAsLong() - RESUME_INTERVAL_NANOS;
    }

    /** Opens (or starts) the download of {@code finalPath}, keeping the recorded pieces that still verify. */
    public static PieceStore open(Path finalPath, InfoHash infoHash, Info info) throws IOException {
        return open(finalPath, infoHash, info, PieceBuffers.SHARED);
    }

    /** As {@link #open(Path, InfoHash, Info)}, putting pieces together in {@code buffers}' memory. */
    static PieceStore open(Path finalPath, InfoHash infoHash, Info info, PieceBuffers buffers) throws IOException {
        return open(finalPath, infoHash, info, buffers, System::nanoTime);
    }

    /** As {@link #open(Path, InfoHash, Info, PieceBuffers)}, timing the resume records by {@code clock}'s nanoseconds. */
    static PieceStore open(Path finalPath, InfoHash infoHash, Info info, PieceBuffers buffers, LongSupplier clock)
            throws IOException {
        FileChannel channel = PartFile.open(partOf(finalPath), info.length());
        try {
            BitSet verified = PartFile.stillVerified(channel, resumeOf(finalPath), infoHash, info);
            return new PieceStore(finalPath, infoHash, info, channel, verified, false, buffers, clock, false);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Starts the download of {@code finalPath} from an older copy of the file, such as the previous version of a
     * changed file: the copy becomes the part file and every piece is recorded as claimed, so that {@link #open}
     * verifies each against the new torrent's piece hashes and keeps those that match; only the others are then
     * downloaded (what libtorrent's recheck or aria2's {@code --check-integrity} do with data already on disk).
     * Does nothing if a download of {@code finalPath} has already begun.
     *
     * @param finalPath where the new file goes once verified, as for {@link #open}
     * @param infoHash the new file's swarm, as the signed snapshot names it
     * @param length the new file's size
     * @param pieceLength the new file's piece length
     * @param older the older copy; it is copied, never changed
     * @return whether the older copy was used
     */
    public static boolean startFrom(Path finalPath, InfoHash infoHash, long length, int pieceLength, Path older)
            throws IOException {
        return PartFile.startFrom(partOf(finalPath), resumeOf(finalPath), infoHash, length, pieceLength, older);
    }

    private static Path partOf(Path finalPath) {
        return finalPath.resolveSibling(finalPath.getFileName() + PART_SUFFIX);
    }

    private static Path resumeOf(Path finalPath) {
        return finalPath.resolveSibling(finalPath.getFileName() + RESUME_SUFFIX);
    }

    /**
     * Opens a complete file read-only for seeding. Its pieces are trusted, not re-hashed: it was either just hashed by
     * the publisher or proven by {@link #complete}. Its size must match the torrent.
     */
    public static PieceStore seed(Path file, InfoHash infoHash, Info info) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        long size = channel.size();
        if (size != info.length()) {
            channel.close();
            throw new IOException(file + " is " + size + " bytes but its torrent says " + info.length());
        }
        BitSet all = new BitSet(info.pieceCount());
        all.set(0, info.pieceCount());
        return new PieceStore(file, infoHash, info, channel, all, true, PieceBuffers.SHARED, System::nanoTime, true);
    }

    /**
     * Writes one whole block (16 KiB at a 16 KiB-aligned offset, shorter only at the end of a piece), verifying the
     * piece if this block completes it: {@link #put} then, for a {@link WriteOutcome.PieceComplete}, {@link #verify}.
     *
     * @throws IllegalArgumentException if {@code data} is not exactly such a block
     */
    public WriteOutcome write(int piece, int offset, ByteBuffer data) throws IOException {
        WriteOutcome outcome = put(piece, offset, data);
        return outcome instanceof WriteOutcome.PieceComplete complete ? verify(complete.piece()) : outcome;
    }

    /**
     * Writes one whole block as {@link #write} does but leaves the piece it completes unchecked: the caller passes a
     * {@link WriteOutcome.PieceComplete} to {@link #verify}, on whatever thread it likes, while blocks of other pieces
     * go on arriving. Until then nobody can write the piece's blocks again or read it.
     *
     * @throws IllegalArgumentException if {@code data} is not exactly such a block
     */
    public WriteOutcome put(int piece, int offset, ByteBuffer data) throws IOException {
        ByteBuffer held;
        synchronized (tracker) {
            if (complete) {
                return new WriteOutcome.Duplicate();
            }
            if (tracker.claim(piece, offset, data.remaining()) == BlockTracker.Claim.TAKEN) {
                return new WriteOutcome.Duplicate();
            }
            held = tracker.held(piece);
        }
        boolean pieceDone;
        try {
            if (held != null) {
                // Claimed blocks never overlap, so writers fill one piece's buffer side by side without a lock.
                held.put(offset, data, data.position(), data.remaining());
            } else {
                ChannelDigests.writeFully(channel, data.duplicate(), position(piece, offset));
            }
        } catch (IOException | RuntimeException e) {
            synchronized (tracker) {
                tracker.release(piece, offset);
            }
            throw e;
        }
        synchronized (tracker) {
            pieceDone = tracker.written(piece, offset);
        }
        return pieceDone ? new WriteOutcome.PieceComplete(piece) : new WriteOutcome.Stored();
    }

    /**
     * Checks a piece whose last block {@link #put} reported ({@link WriteOutcome.PieceComplete}) against its SHA-1: a
     * match is written to the part file if it was put together in memory, and becomes verified; a mismatch is
     * forgotten, so its blocks can be fetched again. Pieces may be checked on several threads at once.
     *
     * @return {@link WriteOutcome.PieceVerified} or {@link WriteOutcome.PieceFailed}
     * @throws IllegalStateException if the piece is not complete and unchecked, for instance after {@link #close}
     */
    public WriteOutcome verify(int piece) throws IOException {
        // Every block is claimed, so no writer can touch the piece while it is hashed here. The one pass serves the
        // piece's SHA-1 and, when the piece extends the hashed prefix, the whole file's SHA-256.
        ByteBuffer held;
        synchronized (tracker) {
            if (!tracker.isWritten(piece)) {
                throw new IllegalStateException("piece " + piece + " is not complete and unchecked");
            }
            held = tracker.held(piece);
        }
        if (verifier.check(piece, held)) {
            boolean recordNow;
            synchronized (tracker) {
                tracker.verify(piece);
                unrecordedBytes += info.pieceSize(piece);
                long now = clock.getAsLong();
                recordNow = unrecordedBytes >= RESUME_BATCH_BYTES && now - lastRecordNanos >= RESUME_INTERVAL_NANOS;
                if (recordNow) {
                    lastRecordNanos = now;
                }
            }
            if (recordNow) {
                recordResume();
            }
            prefixHasher.pieceVerified();
            return new WriteOutcome.PieceVerified(piece);
        }
        byte[] failed = verifier.failedBytes(piece, held);
        synchronized (tracker) {
            tracker.reset(piece);
        }
        return new WriteOutcome.PieceFailed(piece, failed);
    }

    /**
     * Reads a block of a verified piece, for upload. Only verified data is ever served.
     *
     * @throws IllegalStateException if the piece is not verified
     */
    public ByteBuffer readBlock(int piece, int offset, int length) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(length);
        readBlock(piece, offset, block);
        return block.flip();
    }

    /**
     * Reads {@code into.remaining()} bytes of a verified piece at {@code offset} into {@code into}, for a sender that
     * reuses one buffer; on return {@code into} is full.
     *
     * @throws IllegalStateException if the piece is not verified
     */
    public void readBlock(int piece, int offset, ByteBuffer into) throws IOException {
        int size = info.pieceSize(piece);
        int length = into.remaining();
        if (offset < 0 || length > Blocks.SIZE || offset > size - length) {
            throw new IllegalArgumentException(
                    length + " bytes at " + offset + " do not fit in piece " + piece + " of " + size);
        }
        if (!hasPiece(piece)) {
            throw new IllegalStateException("piece " + piece + " is not verified");
        }
        FileChannel used = channel;
        try {
            ChannelDigests.readFully(used, into, position(piece, offset));
        } catch (ClosedChannelException e) {
            // complete() swapped in the final file's channel and closed the part file's under this read: read again.
            if (used == channel) {
                throw e;
            }
            ChannelDigests.readFully(channel, into, position(piece, offset) + (length - into.remaining()));
        }
    }

    /**
     * {@code length} bytes of a verified piece at {@code offset} as a read-only slice of a mapping of the seeded file,
     * for a sender that hands them to the socket without reading them first (one copy, the kernel's, instead of a read
     * into a buffer and a write from it); null where blocks must be {@linkplain #readBlock read}: a file being
     * downloaded, one that could not be mapped, or when the agent has mapped {@link SeedMappings#MAX_REGIONS} regions.
     * The slice's bytes are never touched by Java: if the file shrinks under the mapping, the socket write fails with
     * an {@link IOException} as a read would.
     *
     * @throws IllegalStateException if the piece is not verified
     */
    public ByteBuffer mappedBlock(int piece, int offset, int length) {
        if (!mappable) {
            return null;
        }
        int size = info.pieceSize(piece);
        if (offset < 0 || length < 1 || length > Blocks.SIZE || offset > size - length) {
            throw new IllegalArgumentException(
                    length + " bytes at " + offset + " do not fit in piece " + piece + " of " + size);
        }
        if (!hasPiece(piece)) {
            throw new IllegalStateException("piece " + piece + " is not verified");
        }
        ByteBuffer[] regions = mapped;
        if (regions == null) {
            regions = map();
        }
        long at = position(piece, offset);
        int region = (int) (at / SeedMappings.REGION_BYTES);
        int within = (int) (at % SeedMappings.REGION_BYTES);
        if (region >= regions.length || within + length > regions[region].capacity()) {
            return null; // not mapped, or a block across two regions (pieces whose length does not divide a GiB)
        }
        return regions[region].slice(within, length);
    }

    private synchronized ByteBuffer[] map() {
        if (mapped == null) {
            mapped = SeedMappings.map(channel, info.length());
        }
        return mapped;
    }

    /** Whether piece {@code piece} is verified. */
    public boolean hasPiece(int piece) {
        synchronized (tracker) {
            return tracker.isVerified(piece);
        }
    }

    /** A copy of the verified pieces, for the bitfield message. */
    public BitSet verifiedPieces() {
        synchronized (tracker) {
            return tracker.verified();
        }
    }

    /** Whether every piece is verified. */
    public boolean allVerified() {
        synchronized (tracker) {
            return tracker.verifiedCount() == info.pieceCount();
        }
    }

    /**
     * Proves the finished file against the signed snapshot and moves it to its final path: the whole file's SHA-256
     * must equal {@code expectedSha256}, then the part file is atomically renamed and the resume record deleted; the
     * data and the rename reach the disk with the page cache's write-back, not before this returns. Afterwards the store keeps serving the final file, read-only; a {@link #readBlock} racing the switch reads
     * again from the new channel, so uploads need not pause.
     *
     * @throws ContentMismatchException if the SHA-256 differs; nothing is renamed and the part file is kept
     * @throws IllegalStateException if a piece is not verified yet, or the store is already complete
     */
    public Path complete(byte[] expectedSha256) throws IOException {
        synchronized (tracker) {
            if (complete) {
                throw new IllegalStateException(finalPath + " is already complete");
            }
            if (tracker.verifiedCount() != info.pieceCount()) {
                throw new IllegalStateException((info.pieceCount() - tracker.verifiedCount()) + " pieces of "
                        + finalPath + " are not verified yet");
            }
            complete = true;
        }
        FileChannel part = channel;
        try {
            FinalPlacement.place(finalPath, expectedSha256, prefixHasher.finish());
        } catch (ContentMismatchException e) {
            synchronized (tracker) {
                complete = false;
            }
            throw e;
        }
        // The part file's channel still reads the same inode under its new name; readers move over before it closes.
        channel = FileChannel.open(finalPath, StandardOpenOption.READ);
        part.close();
        return finalPath;
    }

    /** The torrent this store holds. */
    public Info info() {
        return info;
    }

    /** The info-hash of the torrent this store holds. */
    public InfoHash infoHash() {
        return infoHash;
    }

    /** Records the verified pieces of an unfinished download, then closes the file. */
    @Override
    public void close() throws IOException {
        try (FileChannel toClose = channel) {
            boolean unfinished;
            synchronized (tracker) {
                unfinished = !complete && unrecordedBytes > 0;
                tracker.discardAll();
            }
            if (unfinished) {
                recordResume();
            }
        }
    }

    private void recordResume() throws IOException {
        // Holding this lock while taking the snapshot keeps a later, larger record from being replaced by an older one.
        synchronized (resumeLock) {
            ResumeRecord record;
            synchronized (tracker) {
                record = ResumeRecord.of(infoHash, info, tracker.verified());
                unrecordedBytes = 0;
            }
            record.writeAtomically(resumePath);
        }
    }

    private long position(int piece, int offset) {
        return (long) piece * info.pieceLength() + offset;
    }
}
