package org.ossnet.agent.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.BInteger;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.bencode.BencodeException;
import org.ossnet.core.bencode.BencodeLimits;

/**
 * A BEP 9 {@code ut_metadata} message: the payload of a {@link PeerMessage.Extended} sent under the id the receiver
 * gave {@value #EXTENSION} in its {@link ExtendedHandshake}. It is a bencoded dictionary, followed in a data message by
 * the bytes of one 16 KiB piece of the info dictionary (the last piece may be shorter):
 *
 * <pre>
 * d8:msg_typei0e5:piecei0ee                        request piece 0
 * d8:msg_typei1e5:piecei0e10:total_sizei3425ee... data of piece 0 of a 3425-byte info dictionary, then its bytes
 * d8:msg_typei2e5:piecei0ee                        reject: the sender will not send piece 0
 * </pre>
 *
 * Unknown keys are ignored; an unknown {@code msg_type} must be ignored too, so it parses as {@link Unknown}.
 */
public sealed interface MetadataMessage {

    /** The name of the extension in the {@code m} dictionary. */
    String EXTENSION = "ut_metadata";

    /** The size of every piece of the info dictionary but the last. */
    int PIECE_SIZE = 16 * 1024;

    /** The dictionary before the data is a handful of small integers. */
    BencodeLimits DICTIONARY_LIMITS = new BencodeLimits(256, 2, 16, 32);

    /** The piece of the info dictionary this message is about. */
    int piece();

    /** {@code msg_type 0}: asks for a piece. */
    record Request(int piece) implements MetadataMessage {
        public Request {
            requirePiece(piece);
        }
    }

    /**
     * {@code msg_type 1}: a piece, with the size of the whole info dictionary.
     *
     * @param data the piece's bytes, held read-only; the accessor returns an independent view
     */
    record Data(int piece, int totalSize, ByteBuffer data) implements MetadataMessage {
        public Data {
            requirePiece(piece);
            if (totalSize <= 0) {
                throw new IllegalArgumentException("total_size must be positive: " + totalSize);
            }
            data = data.slice().asReadOnlyBuffer();
        }

        @Override
        public ByteBuffer data() {
            return data.duplicate();
        }
    }

    /** {@code msg_type 2}: the sender will not send this piece. */
    record Reject(int piece) implements MetadataMessage {
        public Reject {
            requirePiece(piece);
        }
    }

    /** A {@code msg_type} this codec does not know, which the receiver ignores. */
    record Unknown(int type, int piece) implements MetadataMessage {}

    /** The number of pieces an info dictionary of {@code totalSize} bytes is cut into. */
    static int pieceCount(int totalSize) {
        return (totalSize + PIECE_SIZE - 1) / PIECE_SIZE;
    }

    /** This message as the payload of an extended message. */
    default ByteBuffer toPayload() {
        var d = BDictionary.builder();
        switch (this) {
            case Request r -> d.put("msg_type", 0).put("piece", r.piece());
            case Data x -> d.put("msg_type", 1).put("piece", x.piece()).put("total_size", x.totalSize());
            case Reject r -> d.put("msg_type", 2).put("piece", r.piece());
            case Unknown u -> d.put("msg_type", u.type()).put("piece", u.piece());
        }
        byte[] dictionary = Bencode.encode(d.build());
        ByteBuffer data = this instanceof Data x ? x.data() : ByteBuffer.allocate(0);
        return ByteBuffer.allocate(dictionary.length + data.remaining())
                .put(dictionary)
                .put(data)
                .flip();
    }

    /** This message in an extended message under {@code extendedId}, the id the receiving peer asked for. */
    default PeerMessage.Extended toExtended(int extendedId) {
        return new PeerMessage.Extended(extendedId, toPayload());
    }

    /**
     * Parses the payload of an extended message sent under our {@code ut_metadata} id.
     *
     * @throws WireProtocolException if the payload does not start with a strict bencoded dictionary with integer
     *     {@code msg_type} and {@code piece}, a data message has no positive {@code total_size} or more than {@link
     *     #PIECE_SIZE} bytes after it, or another message has bytes after it
     */
    static MetadataMessage parse(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        int end = dictionaryEnd(bytes);
        BDictionary d;
        try {
            d = Bencode.decodeDictionary(Arrays.copyOf(bytes, end), DICTIONARY_LIMITS);
        } catch (BencodeException e) {
            throw new WireProtocolException("ut_metadata message is not a bencoded dictionary: " + e.getMessage(), e);
        }
        long type = integer(d, "msg_type");
        long piece = integer(d, "piece");
        if (piece < 0 || piece > Integer.MAX_VALUE) {
            throw new WireProtocolException("ut_metadata piece out of range: " + piece);
        }
        int trailing = bytes.length - end;
        if (type == 1) {
            long total = integer(d, "total_size");
            if (total <= 0 || total > Integer.MAX_VALUE) {
                throw new WireProtocolException("ut_metadata total_size out of range: " + total);
            }
            if (trailing == 0 || trailing > PIECE_SIZE) {
                throw new WireProtocolException(
                        "ut_metadata data of " + trailing + " bytes, expected 1.." + PIECE_SIZE);
            }
            return new Data((int) piece, (int) total, ByteBuffer.wrap(bytes, end, trailing));
        }
        if (trailing != 0) {
            throw new WireProtocolException("ut_metadata message type " + type + " with " + trailing + " extra bytes");
        }
        if (type == 0) {
            return new Request((int) piece);
        }
        if (type == 2) {
            return new Reject((int) piece);
        }
        return new Unknown((int) Math.clamp(type, Integer.MIN_VALUE, Integer.MAX_VALUE), (int) piece);
    }

    /**
     * Where the leading dictionary ends: the strict decoder reports trailing bytes at the offset they start, and the
     * bytes before that offset must then decode on their own; any other error leaves an incomplete prefix that fails.
     */
    private static int dictionaryEnd(byte[] bytes) {
        try {
            Bencode.decode(bytes, DICTIONARY_LIMITS.withMaxInputBytes(Math.max(1, bytes.length)));
            return bytes.length;
        } catch (BencodeException e) {
            long offset = e.offset();
            if (offset <= 0 || offset >= bytes.length || offset > DICTIONARY_LIMITS.maxInputBytes()) {
                throw new WireProtocolException(
                        "ut_metadata message is not a bencoded dictionary: " + e.getMessage(), e);
            }
            return (int) offset;
        }
    }

    private static long integer(BDictionary d, String key) {
        if (d.get(key).orElse(null) instanceof BInteger(long value)) {
            return value;
        }
        throw new WireProtocolException("ut_metadata message without an integer " + key);
    }

    private static void requirePiece(int piece) {
        if (piece < 0) {
            throw new IllegalArgumentException("piece must not be negative: " + piece);
        }
    }
}
