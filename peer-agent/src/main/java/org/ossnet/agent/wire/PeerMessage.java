package org.ossnet.agent.wire;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A message of the BitTorrent peer wire protocol after the handshake: BEP 3, the BEP 6 fast extension and the BEP 10
 * extension protocol.
 *
 * <p>Every message is framed as {@code <length: 4-byte big-endian><id: 1 byte><payload: length - 1 bytes>}, except
 * keep-alive, which is a bare length of zero. Integers are 4-byte big-endian unless said otherwise. For example a
 * {@code have} of piece 1313:
 *
 * <pre>
 * 00 00 00 05   length 5
 * 04            id 4, have
 * 00 00 05 21   piece index 1313
 * </pre>
 *
 * <p>Each record below gives its frame in a one-line comment; {@link MessageDecoder} and {@link MessageEncoder} hold
 * the code. The records are immutable: those that carry bytes hold a read-only buffer and hand out independent views of
 * it.
 */
public sealed interface PeerMessage
        permits PeerMessage.KeepAlive,
                PeerMessage.Choke,
                PeerMessage.Unchoke,
                PeerMessage.Interested,
                PeerMessage.NotInterested,
                PeerMessage.Have,
                PeerMessage.Bitfield,
                PeerMessage.Request,
                PeerMessage.Piece,
                PeerMessage.Cancel,
                PeerMessage.Port,
                PeerMessage.Suggest,
                PeerMessage.HaveAll,
                PeerMessage.HaveNone,
                PeerMessage.RejectRequest,
                PeerMessage.AllowedFast,
                PeerMessage.Extended,
                PeerMessage.Unknown,
                ExtendedHandshake {

    /**
     * {@code message} itself, or for a piece a copy owning its block: for a consumer of {@link
     * MessageDecoder#decode(ByteBuffer, java.util.function.Consumer)} that keeps messages after it returns.
     */
    static PeerMessage retained(PeerMessage message) {
        return message instanceof Piece piece ? piece.retained() : message;
    }

    /** {@code <len=0000>}: sent so the connection is not timed out while idle. */
    record KeepAlive() implements PeerMessage {}

    /** {@code <len=0001><id=0>}: the sender will not serve this side's requests. */
    record Choke() implements PeerMessage {}

    /** {@code <len=0001><id=1>}: the sender will serve this side's requests. */
    record Unchoke() implements PeerMessage {}

    /** {@code <len=0001><id=2>}: the sender wants pieces this side has. */
    record Interested() implements PeerMessage {}

    /** {@code <len=0001><id=3>}: the sender wants nothing this side has. */
    record NotInterested() implements PeerMessage {}

    /** {@code <len=0005><id=4><piece index>}: the sender now has a verified piece. */
    record Have(int pieceIndex) implements PeerMessage {
        public Have {
            requireNonNegative("pieceIndex", pieceIndex);
        }
    }

    /**
     * {@code <len=0001+X><id=5><bitfield: X bytes>}: every piece the sender has, sent only right after the handshake.
     *
     * @param pieces the pieces; copied on the way in and out, since a {@link PieceSet} is mutable
     */
    record Bitfield(PieceSet pieces) implements PeerMessage {
        public Bitfield {
            pieces = pieces.copy();
        }

        /** A copy of the pieces. */
        @Override
        public PieceSet pieces() {
            return pieces.copy();
        }

        /** The number of pieces the sender has, without a copy. */
        public int cardinality() {
            return pieces.cardinality();
        }

        PieceSet unsafePieces() {
            return pieces;
        }
    }

    /** {@code <len=0013><id=6><index><begin><length>}: asks for {@code length} bytes of a piece from {@code begin}. */
    record Request(int pieceIndex, int begin, int length) implements PeerMessage {
        public Request {
            requireNonNegative("pieceIndex", pieceIndex);
            requireNonNegative("begin", begin);
            requireNonNegative("length", length);
        }

        // Written out, as BlockRequest's are: an uploader's queue hashes every request it takes.

        @Override
        public boolean equals(Object other) {
            return other instanceof Request that
                    && pieceIndex == that.pieceIndex
                    && begin == that.begin
                    && length == that.length;
        }

        @Override
        public int hashCode() {
            return (pieceIndex * 31 + begin) * 31 + length;
        }
    }

    /**
     * {@code <len=0009+X><id=7><index><begin><block: X bytes>}: a block of a piece.
     *
     * <p>The block is held as a read-only {@link ByteBuffer}, not copied by the record. A piece handed out by {@link
     * MessageDecoder#decode(ByteBuffer, java.util.function.Consumer)} is a view of the read buffer, valid only while
     * the consumer runs, so a block costs no allocation and no copy on its way to the file; {@link #retained} makes a
     * piece that owns its bytes. An encoder-side piece may wrap a slice of a memory-mapped file or a storage buffer;
     * its maker must not change those bytes until it has been written.
     *
     * @param block the block; the accessor returns an independent read-only view, positioned at its first byte
     */
    record Piece(int pieceIndex, int begin, ByteBuffer block) implements PeerMessage {
        public Piece {
            requireNonNegative("pieceIndex", pieceIndex);
            requireNonNegative("begin", begin);
            block = block.slice().asReadOnlyBuffer();
        }

        /** A read-only view of the block, from its first byte to its last; reading it moves nothing here. */
        @Override
        public ByteBuffer block() {
            return block.duplicate();
        }

        /** The number of bytes in the block. */
        public int length() {
            return block.remaining();
        }

        /** The same piece holding its own copy of the block, for a decoded piece kept past the decoder's call. */
        public Piece retained() {
            ByteBuffer copy = ByteBuffer.allocate(length()).put(block()).flip();
            return new Piece(pieceIndex, begin, copy);
        }
    }

    /** {@code <len=0013><id=8><index><begin><length>}: withdraws an earlier request. */
    record Cancel(int pieceIndex, int begin, int length) implements PeerMessage {
        public Cancel {
            requireNonNegative("pieceIndex", pieceIndex);
            requireNonNegative("begin", begin);
            requireNonNegative("length", length);
        }
    }

    /** {@code <len=0003><id=9><listen-port: 2 bytes>}: the UDP port of the sender's DHT node (BEP 5). */
    record Port(int port) implements PeerMessage {
        public Port {
            if (port < 0 || port > 0xffff) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }
    }

    /** {@code <len=0005><id=0x0D><piece index>}: BEP 6, the sender suggests downloading this piece from it. */
    record Suggest(int pieceIndex) implements PeerMessage {
        public Suggest {
            requireNonNegative("pieceIndex", pieceIndex);
        }
    }

    /** {@code <len=0001><id=0x0E>}: BEP 6, instead of a bitfield: the sender has every piece. */
    record HaveAll() implements PeerMessage {}

    /** {@code <len=0001><id=0x0F>}: BEP 6, instead of a bitfield: the sender has no piece. */
    record HaveNone() implements PeerMessage {}

    /** {@code <len=0013><id=0x10><index><begin><length>}: BEP 6, the sender will not serve this request. */
    record RejectRequest(int pieceIndex, int begin, int length) implements PeerMessage {
        public RejectRequest {
            requireNonNegative("pieceIndex", pieceIndex);
            requireNonNegative("begin", begin);
            requireNonNegative("length", length);
        }
    }

    /** {@code <len=0005><id=0x11><piece index>}: BEP 6, this piece may be requested even while choked. */
    record AllowedFast(int pieceIndex) implements PeerMessage {
        public AllowedFast {
            requireNonNegative("pieceIndex", pieceIndex);
        }
    }

    /**
     * {@code <len=0002+X><id=20><extended id: 1 byte><payload: X bytes>}: a BEP 10 extension message other than the
     * handshake, such as {@code ut_metadata} or {@code ut_pex}, whose id the receiver assigned in its {@link
     * ExtendedHandshake}.
     *
     * @param extendedId the extension's id, 1 to 255 (0 is the {@link ExtendedHandshake})
     * @param payload the payload, held read-only as for {@link Piece}
     */
    record Extended(int extendedId, ByteBuffer payload) implements PeerMessage {
        public Extended {
            if (extendedId < 1 || extendedId > 255) {
                throw new IllegalArgumentException("extended id must be in 1..255: " + extendedId);
            }
            payload = payload.slice().asReadOnlyBuffer();
        }

        /** A read-only view of the payload. */
        @Override
        public ByteBuffer payload() {
            return payload.duplicate();
        }
    }

    /**
     * {@code <len=0001+X><id><payload: X bytes>}: a message of an id this codec does not know, which the receiver
     * should ignore rather than close the connection for.
     *
     * @param id the message id; never one of the ids above
     * @param payload the payload, held read-only as for {@link Piece}
     */
    record Unknown(int id, ByteBuffer payload) implements PeerMessage {
        public Unknown {
            if (id < 0 || id > 255 || MessageIds.isKnown(id)) {
                throw new IllegalArgumentException("not an unknown message id: " + id);
            }
            payload = Objects.requireNonNull(payload, "payload").slice().asReadOnlyBuffer();
        }

        /** A read-only view of the payload. */
        @Override
        public ByteBuffer payload() {
            return payload.duplicate();
        }
    }

    /**
     * Piece indexes, offsets and lengths are unsigned 32-bit numbers on the wire, but nothing in BitTorrent reaches
     * 2^31, so the records hold them as non-negative ints.
     */
    private static void requireNonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }
}
