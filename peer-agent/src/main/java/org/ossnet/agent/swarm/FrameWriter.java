package org.ossnet.agent.swarm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import org.ossnet.agent.storage.PieceStore;
import org.ossnet.agent.wire.MessageEncoder;
import org.ossnet.agent.wire.PeerMessage;

/**
 * Gathers one connection's outgoing frames and writes them with one system call per batch.
 *
 * <p>A seeded file's block goes out from its mapping ({@link PieceStore#mappedBlock}) on a plain socket: its header is
 * gathered in the buffer and the batch is written with one {@code writev} of the headers and the mapped blocks
 * between them, so the kernel copies the file's pages into the socket once and nothing reads them first. Otherwise
 * (a file being downloaded, a TLS connection, a file that could not be mapped) a block is read from the file straight
 * into the buffer behind its header: one positional read and a share of one socket write, and no allocation. The
 * caller flushes when its queue runs dry, so a lone request still leaves at once while a busy seed writes {@value
 * #CAPACITY} bytes at a time. Until the first block read into it the buffer is {@value #FIRST_CAPACITY} bytes: most
 * connections of an agent seeding many files only ever carry handshakes, bitfields, keep-alives and the headers of
 * mapped blocks, and a mirror holds thousands of them. Used by the connection's writer thread only.
 */
final class FrameWriter {

    static final int CAPACITY = 256 * 1024;

    static final int FIRST_CAPACITY = 4 * 1024;

    /** Mapped blocks in one batch at most: a batch of 16 KiB blocks reaches {@link #CAPACITY} first. */
    private static final int MAX_MAPPED = 64;

    private final ByteChannel channel;
    private final GatheringByteChannel gathering;
    private ByteBuffer out = ByteBuffer.allocateDirect(FIRST_CAPACITY);

    /**
     * The mapped blocks of this batch, each to be written after the buffer's bytes up to its {@link #cuts cut}; made
     * with the first mapped block, as the buffer grows with the first block read: most connections never carry one.
     */
    private ByteBuffer[] mappedBlocks;

    private int[] cuts;
    private int mappedCount;
    private int mappedBytes;
    private ByteBuffer[] gather;

    FrameWriter(ByteChannel channel) {
        this.channel = channel;
        this.gathering = channel instanceof SocketChannel socket ? socket : null;
    }

    /** Adds a message; one larger than the whole buffer (a huge bitfield) is written on its own. */
    void message(PeerMessage message) throws IOException {
        int length = MessageEncoder.encodedLength(message);
        if (length > out.remaining()) {
            flush();
        }
        if (length > out.capacity()) {
            ByteBuffer alone = MessageEncoder.encode(message);
            while (alone.hasRemaining()) {
                channel.write(alone);
            }
        } else {
            MessageEncoder.encode(message, out);
        }
    }

    /** Adds a piece message carrying {@code length} bytes of {@code piece} at {@code begin}, from {@code store}. */
    void block(PieceStore store, int piece, int begin, int length) throws IOException {
        ByteBuffer mapped = gathering == null ? null : store.mappedBlock(piece, begin, length);
        if (mapped != null) {
            if (mappedBlocks == null) {
                mappedBlocks = new ByteBuffer[MAX_MAPPED];
                cuts = new int[MAX_MAPPED];
                gather = new ByteBuffer[2 * MAX_MAPPED + 1];
            }
            if (MessageEncoder.PIECE_HEADER_LENGTH > out.remaining()
                    || mappedCount == MAX_MAPPED
                    || out.position() + mappedBytes + MessageEncoder.PIECE_HEADER_LENGTH + length > CAPACITY) {
                flush();
            }
            MessageEncoder.encodePieceHeader(piece, begin, length, out);
            cuts[mappedCount] = out.position();
            mappedBlocks[mappedCount++] = mapped;
            mappedBytes += length;
            return;
        }
        if (out.capacity() < CAPACITY) {
            flush();
            out = ByteBuffer.allocateDirect(CAPACITY);
        }
        if (MessageEncoder.PIECE_HEADER_LENGTH + length > out.remaining()) {
            flush();
        }
        int start = out.position();
        MessageEncoder.encodePieceHeader(piece, begin, length, out);
        try {
            store.readBlock(piece, begin, out.slice(out.position(), length));
        } catch (IOException | RuntimeException e) {
            out.position(start);
            throw e;
        }
        out.position(out.position() + length);
    }

    boolean isEmpty() {
        return out.position() == 0 && mappedCount == 0;
    }

    /** Writes everything gathered so far. */
    void flush() throws IOException {
        out.flip();
        if (mappedCount == 0) {
            while (out.hasRemaining()) {
                channel.write(out);
            }
        } else {
            int parts = 0;
            int from = 0;
            for (int i = 0; i < mappedCount; i++) {
                gather[parts++] = out.slice(from, cuts[i] - from);
                gather[parts++] = mappedBlocks[i];
                from = cuts[i];
            }
            gather[parts++] = out.slice(from, out.limit() - from);
            long left = out.limit() + (long) mappedBytes;
            int first = 0;
            while (left > 0) {
                left -= gathering.write(gather, first, parts - first);
                while (first < parts && !gather[first].hasRemaining()) {
                    first++;
                }
            }
            Arrays.fill(gather, 0, parts, null);
            Arrays.fill(mappedBlocks, 0, mappedCount, null);
            mappedCount = 0;
            mappedBytes = 0;
        }
        out.clear();
    }
}
