package org.ossnet.agent.swarm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import org.ossnet.agent.storage.PieceStore;
import org.ossnet.agent.wire.MessageEncoder;
import org.ossnet.agent.wire.PeerMessage;

/**
 * Gathers one connection's outgoing frames in a single direct buffer and writes them with one system call per batch.
 *
 * <p>A piece's block is read from the file straight into the buffer behind its header, so a served block costs one
 * positional read and a share of one socket write, and no allocation. The caller flushes when its queue runs dry, so a
 * lone request still leaves at once while a busy seed writes {@value #CAPACITY} bytes at a time. Until the first block
 * the buffer is {@value #FIRST_CAPACITY} bytes: most connections of an agent seeding many files only ever carry
 * handshakes, bitfields and keep-alives, and a mirror holds thousands of them. Used by the connection's writer thread
 * only.
 */
final class FrameWriter {

    static final int CAPACITY = 256 * 1024;

    static final int FIRST_CAPACITY = 4 * 1024;

    private final ByteChannel channel;
    private ByteBuffer out = ByteBuffer.allocateDirect(FIRST_CAPACITY);

    FrameWriter(ByteChannel channel) {
        this.channel = channel;
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

    /** Adds a piece message carrying {@code length} bytes of {@code piece} at {@code begin}, read from {@code store}. */
    void block(PieceStore store, int piece, int begin, int length) throws IOException {
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
        return out.position() == 0;
    }

    /** Writes everything gathered so far. */
    void flush() throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            channel.write(out);
        }
        out.clear();
    }
}
