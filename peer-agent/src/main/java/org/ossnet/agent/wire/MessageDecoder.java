package org.ossnet.agent.wire;

import static org.ossnet.agent.wire.MessageIds.*;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns the bytes a peer sends after its handshake into {@link PeerMessage}s, fed in chunks of any size.
 *
 * <p>The decoder knows only bytes and {@link WireLimits}. It reads a frame in three states: the 4-byte length, the id
 * byte, then the payload. Once it has the id it checks the length against what that message must have (see {@link
 * PeerMessage}) and only then allocates the payload, so a frame costs at most {@link WireLimits#maxMessageLength()}
 * bytes, however it claims otherwise and however it is split. For example, with the 1313-piece limits:
 *
 * <pre>
 * 00 00 00 0d 06 00 00 05 20 00 00 40 00 00 00 40 00   request piece 1312 from 16384, 16384 bytes: accepted
 * 00 00 00 0d 06 00 00 05 21 ...                        request piece 1313: WireProtocolException, index out of range
 * 00 00 00 0e 06 ...                                    request of length 14: WireProtocolException before the payload
 * 7f ff ff ff                                           length 2^31 - 1: WireProtocolException before the id
 * </pre>
 *
 * <p>A {@code piece} frame is not copied into a message of its own: its block is a view of the caller's buffer when the
 * whole frame is in one read, and otherwise of one direct buffer per decoder in which the frame's parts are joined. A
 * piece handed to {@link #decode(ByteBuffer, Consumer)} is therefore valid only until the consumer returns; one that is
 * kept must be {@linkplain PeerMessage#retained retained}. {@link #decode(ByteBuffer)} retains every message it returns.
 *
 * <p>Messages of unknown ids are surfaced as {@link PeerMessage.Unknown}, not refused. Which messages are allowed when
 * (a bitfield only first, fast messages only if negotiated, requests within a piece's length) is the connection
 * handler's business, not the codec's.
 *
 * <p>One decoder per connection; not thread-safe. After a {@link WireProtocolException} it stays failed.
 */
public final class MessageDecoder {

    private enum State {
        LENGTH,
        ID,
        PAYLOAD,
        FAILED
    }

    private final WireLimits limits;
    private State state = State.LENGTH;
    private int length;
    private int lengthBytes;
    private int id;
    private byte[] payload;
    private int filled;
    /** Where a piece frame split across reads is joined; allocated at the first such frame. */
    private ByteBuffer pieceFrame;

    private String failure;

    /** A decoder for one connection of a torrent, under {@code limits}. */
    public MessageDecoder(WireLimits limits) {
        this.limits = limits;
    }

    /** The limits this decoder enforces. */
    public WireLimits limits() {
        return limits;
    }

    /**
     * Consumes every remaining byte of {@code in} and returns the messages they completed, in order, each owning its
     * bytes; a message whose last bytes have not arrived yet stays buffered here for the next call.
     *
     * @throws WireProtocolException at the first bad frame; the messages before it in the same call are lost with the
     *     connection
     */
    public List<PeerMessage> decode(ByteBuffer in) {
        var out = new ArrayList<PeerMessage>(2);
        decode(in, message -> out.add(PeerMessage.retained(message)));
        return out;
    }

    /**
     * Consumes every remaining byte of {@code in}, handing each message to {@code out} as soon as it is complete. A
     * {@link PeerMessage.Piece}'s block may be a view of {@code in} or of this decoder's buffer: it is valid only until
     * {@code out} returns, so a consumer that keeps one must {@linkplain PeerMessage#retained retain} it.
     *
     * @throws WireProtocolException at the first bad frame, after handing over the messages before it
     */
    public void decode(ByteBuffer in, Consumer<? super PeerMessage> out) {
        if (state == State.FAILED) {
            throw new WireProtocolException(failure);
        }
        try {
            while (in.hasRemaining()) {
                switch (state) {
                    case LENGTH -> readLength(in, out);
                    case ID -> readId(in, out);
                    case PAYLOAD -> readPayload(in, out);
                    case FAILED -> throw new AssertionError();
                }
            }
        } catch (WireProtocolException e) {
            state = State.FAILED;
            failure = e.getMessage();
            payload = null;
            throw e;
        }
    }

    /** The size of the payload buffer held for a frame in progress; for tests of the limits. */
    int bufferedCapacity() {
        if (payload != null) {
            return payload.length;
        }
        return state == State.PAYLOAD && id == PIECE ? pieceFrame.capacity() : 0;
    }

    private void readLength(ByteBuffer in, Consumer<? super PeerMessage> out) {
        length = (length << 8) | (in.get() & 0xff);
        if (++lengthBytes < 4) {
            return;
        }
        lengthBytes = 0;
        if (length == 0) {
            out.accept(new PeerMessage.KeepAlive());
        } else if (length < 0 || length > limits.maxMessageLength()) {
            throw new WireProtocolException("message length " + Integer.toUnsignedString(length)
                    + " exceeds the limit of " + limits.maxMessageLength());
        } else {
            state = State.ID;
        }
    }

    private void readId(ByteBuffer in, Consumer<? super PeerMessage> out) {
        id = in.get() & 0xff;
        checkLength();
        if (id == PIECE) {
            startPiece(in, out);
            return;
        }
        payload = new byte[length - 1];
        filled = 0;
        state = State.PAYLOAD;
        if (payload.length == 0) {
            complete(out);
        }
    }

    /** A piece frame: a view of {@code in} if it holds the whole frame, else joined in {@link #pieceFrame}. */
    private void startPiece(ByteBuffer in, Consumer<? super PeerMessage> out) {
        int size = length - 1;
        if (in.remaining() >= size) {
            ByteBuffer frame = in.slice(in.position(), size);
            in.position(in.position() + size);
            completePiece(frame, out);
            return;
        }
        if (pieceFrame == null) {
            // Direct, so the block is written to the file without a copy through the JDK's temporary direct buffer.
            pieceFrame = ByteBuffer.allocateDirect(8 + limits.maxBlockLength());
        }
        pieceFrame.clear().limit(size);
        state = State.PAYLOAD;
    }

    private void readPiece(ByteBuffer in, Consumer<? super PeerMessage> out) {
        int n = Math.min(pieceFrame.remaining(), in.remaining());
        pieceFrame.put(pieceFrame.position(), in, in.position(), n);
        pieceFrame.position(pieceFrame.position() + n);
        in.position(in.position() + n);
        if (!pieceFrame.hasRemaining()) {
            completePiece(pieceFrame.flip(), out);
        }
    }

    private void completePiece(ByteBuffer frame, Consumer<? super PeerMessage> out) {
        var message = new PeerMessage.Piece(pieceIndex(frame.getInt()), begin(frame.getInt()), frame.slice());
        length = 0;
        state = State.LENGTH;
        out.accept(message);
    }

    private void readPayload(ByteBuffer in, Consumer<? super PeerMessage> out) {
        if (id == PIECE) {
            readPiece(in, out);
            return;
        }
        int n = Math.min(payload.length - filled, in.remaining());
        in.get(payload, filled, n);
        filled += n;
        if (filled == payload.length) {
            complete(out);
        }
    }

    private void complete(Consumer<? super PeerMessage> out) {
        PeerMessage message = parse(ByteBuffer.wrap(payload));
        payload = null;
        length = 0;
        state = State.LENGTH;
        out.accept(message);
    }

    /** Checks the frame length against what the id needs, before anything is allocated for the payload. */
    private void checkLength() {
        switch (id) {
            case CHOKE, UNCHOKE, INTERESTED, NOT_INTERESTED, HAVE_ALL, HAVE_NONE -> exactly(1);
            case HAVE, SUGGEST, ALLOWED_FAST -> exactly(5);
            case BITFIELD -> exactly(1 + limits.bitfieldBytes());
            case REQUEST, CANCEL, REJECT_REQUEST -> exactly(13);
            case PIECE -> between(10, 9 + limits.maxBlockLength());
            case PORT -> exactly(3);
            case EXTENDED -> between(2, 2 + limits.maxExtendedPayload());
            default -> {
                // An unknown id is held to the overall limit alone, already checked with the length.
            }
        }
    }

    private void exactly(int expected) {
        if (length != expected) {
            throw new WireProtocolException(name() + " message of length " + length + ", expected " + expected);
        }
    }

    private void between(int min, int max) {
        if (length < min || length > max) {
            throw new WireProtocolException(
                    name() + " message of length " + length + ", expected " + min + " to " + max);
        }
    }

    private PeerMessage parse(ByteBuffer p) {
        return switch (id) {
            case CHOKE -> new PeerMessage.Choke();
            case UNCHOKE -> new PeerMessage.Unchoke();
            case INTERESTED -> new PeerMessage.Interested();
            case NOT_INTERESTED -> new PeerMessage.NotInterested();
            case HAVE -> new PeerMessage.Have(pieceIndex(p.getInt()));
            case BITFIELD -> new PeerMessage.Bitfield(PieceSet.fromWire(payload, limits.pieceCount()));
            case REQUEST -> new PeerMessage.Request(pieceIndex(p.getInt()), begin(p.getInt()), requestLength(p));
            case PIECE -> throw new IllegalStateException("piece frames are decoded without a payload array");
            case CANCEL -> new PeerMessage.Cancel(pieceIndex(p.getInt()), begin(p.getInt()), requestLength(p));
            case PORT -> new PeerMessage.Port(p.getShort() & 0xffff);
            case SUGGEST -> new PeerMessage.Suggest(pieceIndex(p.getInt()));
            case HAVE_ALL -> new PeerMessage.HaveAll();
            case HAVE_NONE -> new PeerMessage.HaveNone();
            case REJECT_REQUEST ->
                new PeerMessage.RejectRequest(pieceIndex(p.getInt()), begin(p.getInt()), requestLength(p));
            case ALLOWED_FAST -> new PeerMessage.AllowedFast(pieceIndex(p.getInt()));
            case EXTENDED -> extended(p);
            default -> new PeerMessage.Unknown(id, p);
        };
    }

    private PeerMessage extended(ByteBuffer p) {
        int extendedId = p.get() & 0xff;
        if (extendedId == EXTENDED_HANDSHAKE) {
            return ExtendedHandshake.parse(
                    Arrays.copyOfRange(payload, 1, payload.length), limits.extendedHandshakeBencode());
        }
        return new PeerMessage.Extended(extendedId, p.slice());
    }

    private int pieceIndex(int index) {
        if (index < 0 || index >= limits.pieceCount()) {
            throw new WireProtocolException(name() + " of piece " + Integer.toUnsignedString(index)
                    + ", but the torrent has " + limits.pieceCount() + " pieces");
        }
        return index;
    }

    private int begin(int begin) {
        if (begin < 0) {
            throw new WireProtocolException(
                    name() + " at offset " + Integer.toUnsignedString(begin) + ", beyond any piece");
        }
        return begin;
    }

    private int requestLength(ByteBuffer p) {
        int requested = p.getInt();
        if (requested <= 0 || requested > limits.maxRequestLength()) {
            throw new WireProtocolException(name() + " of " + Integer.toUnsignedString(requested)
                    + " bytes, expected 1 to " + limits.maxRequestLength());
        }
        return requested;
    }

    private String name() {
        return switch (id) {
            case CHOKE -> "choke";
            case UNCHOKE -> "unchoke";
            case INTERESTED -> "interested";
            case NOT_INTERESTED -> "not interested";
            case HAVE -> "have";
            case BITFIELD -> "bitfield";
            case REQUEST -> "request";
            case PIECE -> "piece";
            case CANCEL -> "cancel";
            case PORT -> "port";
            case SUGGEST -> "suggest";
            case HAVE_ALL -> "have all";
            case HAVE_NONE -> "have none";
            case REJECT_REQUEST -> "reject request";
            case ALLOWED_FAST -> "allowed fast";
            case EXTENDED -> "extended";
            default -> "message id " + id;
        };
    }
}
