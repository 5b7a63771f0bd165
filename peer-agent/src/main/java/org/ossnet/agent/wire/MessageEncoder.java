package org.ossnet.agent.wire;

import static org.ossnet.agent.wire.MessageIds.*;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

/**
 * Writes {@link PeerMessage}s in their wire form, length prefix included; the frames are described on {@link
 * PeerMessage}.
 *
 * <p>Stateless. Each write is all or nothing: a buffer without room for the whole frame is left untouched.
 */
public final class MessageEncoder {

    /** The bytes before a piece's block: length, id, index and begin. */
    public static final int PIECE_HEADER_LENGTH = 13;

    private MessageEncoder() {}

    /** The number of bytes {@link #encode(PeerMessage, ByteBuffer)} writes for {@code message}. */
    public static int encodedLength(PeerMessage message) {
        return 4
                + switch (message) {
                    case PeerMessage.KeepAlive k -> 0;
                    case PeerMessage.Choke c -> 1;
                    case PeerMessage.Unchoke u -> 1;
                    case PeerMessage.Interested i -> 1;
                    case PeerMessage.NotInterested n -> 1;
                    case PeerMessage.HaveAll a -> 1;
                    case PeerMessage.HaveNone n -> 1;
                    case PeerMessage.Have h -> 5;
                    case PeerMessage.Suggest s -> 5;
                    case PeerMessage.AllowedFast a -> 5;
                    case PeerMessage.Bitfield b -> 1 + b.unsafePieces().wireLength();
                    case PeerMessage.Request r -> 13;
                    case PeerMessage.Cancel c -> 13;
                    case PeerMessage.RejectRequest r -> 13;
                    case PeerMessage.Piece p -> 9 + p.length();
                    case PeerMessage.Port p -> 3;
                    case PeerMessage.Extended e -> 2 + e.payload().remaining();
                    case ExtendedHandshake h -> 2 + h.toBencode().length;
                    case PeerMessage.Unknown u -> 1 + u.payload().remaining();
                };
    }

    /** {@code message} in a new buffer, ready to be read (or written to a channel). */
    public static ByteBuffer encode(PeerMessage message) {
        var out = ByteBuffer.allocate(encodedLength(message));
        encode(message, out);
        return out.flip();
    }

    /**
     * Writes {@code message} into {@code out}.
     *
     * @throws BufferOverflowException if {@code out} has fewer than {@link #encodedLength(PeerMessage)} bytes
     *     remaining, before writing any
     */
    public static void encode(PeerMessage message, ByteBuffer out) {
        byte[] handshake = message instanceof ExtendedHandshake h ? h.toBencode() : null;
        int length = handshake != null ? 6 + handshake.length : encodedLength(message);
        if (out.remaining() < length) {
            throw new BufferOverflowException();
        }
        out.putInt(length - 4);
        switch (message) {
            case PeerMessage.KeepAlive k -> {}
            case PeerMessage.Choke c -> out.put((byte) CHOKE);
            case PeerMessage.Unchoke u -> out.put((byte) UNCHOKE);
            case PeerMessage.Interested i -> out.put((byte) INTERESTED);
            case PeerMessage.NotInterested n -> out.put((byte) NOT_INTERESTED);
            case PeerMessage.HaveAll a -> out.put((byte) HAVE_ALL);
            case PeerMessage.HaveNone n -> out.put((byte) HAVE_NONE);
            case PeerMessage.Have h -> out.put((byte) HAVE).putInt(h.pieceIndex());
            case PeerMessage.Suggest s -> out.put((byte) SUGGEST).putInt(s.pieceIndex());
            case PeerMessage.AllowedFast a -> out.put((byte) ALLOWED_FAST).putInt(a.pieceIndex());
            case PeerMessage.Bitfield b ->
                out.put((byte) BITFIELD).put(b.unsafePieces().toWire());
            case PeerMessage.Request r -> putBlockRef(out, REQUEST, r.pieceIndex(), r.begin(), r.length());
            case PeerMessage.Cancel c -> putBlockRef(out, CANCEL, c.pieceIndex(), c.begin(), c.length());
            case PeerMessage.RejectRequest r -> putBlockRef(out, REJECT_REQUEST, r.pieceIndex(), r.begin(), r.length());
            case PeerMessage.Piece p ->
                out.put((byte) PIECE).putInt(p.pieceIndex()).putInt(p.begin()).put(p.block());
            case PeerMessage.Port p -> out.put((byte) PORT).putShort((short) p.port());
            case PeerMessage.Extended e ->
                out.put((byte) EXTENDED).put((byte) e.extendedId()).put(e.payload());
            case ExtendedHandshake h ->
                out.put((byte) EXTENDED).put((byte) EXTENDED_HANDSHAKE).put(handshake);
            case PeerMessage.Unknown u -> out.put((byte) u.id()).put(u.payload());
        }
    }

    /**
     * Writes only the 13 bytes before a piece's block, for a sender that writes the block itself with a gathering
     * write (from a file channel or a mapped buffer) instead of copying it into {@code out}.
     *
     * @throws BufferOverflowException if {@code out} has fewer than {@value #PIECE_HEADER_LENGTH} bytes remaining
     */
    public static void encodePieceHeader(int pieceIndex, int begin, int blockLength, ByteBuffer out) {
        if (out.remaining() < PIECE_HEADER_LENGTH) {
            throw new BufferOverflowException();
        }
        out.putInt(9 + blockLength).put((byte) PIECE).putInt(pieceIndex).putInt(begin);
    }

    private static void putBlockRef(ByteBuffer out, int id, int pieceIndex, int begin, int length) {
        out.put((byte) id).putInt(pieceIndex).putInt(begin).putInt(length);
    }
}
