package org.ossnet.agent.wire;

import org.ossnet.core.bencode.BencodeLimits;

/**
 * What a {@link MessageDecoder} accepts from one peer of one torrent, so that a peer can cost no more memory than the
 * connection's owner allows.
 *
 * <p>Every length prefix is checked against these limits before the decoder allocates anything for the frame, so no
 * frame, however it is split or whatever it claims, makes the decoder hold more than {@link #maxMessageLength()}
 * bytes.
 *
 * @param pieceCount the number of pieces of the torrent; {@code have}, {@code request} and the other indexed messages
 *     must name a piece below it, and a {@code bitfield} must have exactly {@code ceil(pieceCount / 8)} bytes
 * @param maxBlockLength the longest block a {@code piece} message may carry: the longest block this side requests
 * @param maxRequestLength the longest block a {@code request}, {@code cancel} or {@code reject request} may name;
 *     BEP 3 clients send at most 16 KiB and the de facto rule is to close on more
 * @param maxExtendedPayload the most bytes a BEP 10 {@code extended} message may carry after its extended id
 * @param extendedHandshakeBencode the bencode limits for the dictionary of an extended handshake
 */
public record WireLimits(
        int pieceCount,
        int maxBlockLength,
        int maxRequestLength,
        int maxExtendedPayload,
        BencodeLimits extendedHandshakeBencode) {

    /** The block size every mainstream client requests; BEP 3 clients close connections that ask for more. */
    public static final int DEFAULT_MAX_BLOCK_LENGTH = 16 * 1024;

    /** Requests are for at most one 16 KiB block. */
    public static final int DEFAULT_MAX_REQUEST_LENGTH = 16 * 1024;

    /**
     * An extended message carries at most a BEP 9 metadata block (16 KiB) and its small dictionary, or a PEX list of a
     * few hundred peers; 64 KiB leaves room without letting a peer park megabytes in the decoder.
     */
    public static final int DEFAULT_MAX_EXTENDED_PAYLOAD = 64 * 1024;

    /**
     * An extended handshake is a flat dictionary with a small {@code m} dictionary inside; these bounds let through
     * every client seen in the wild.
     */
    public static final BencodeLimits DEFAULT_EXTENDED_HANDSHAKE_BENCODE =
            new BencodeLimits(DEFAULT_MAX_EXTENDED_PAYLOAD, 4, 512, 1024);

    /** The largest piece count a torrent may have here: its bitfield must fit in one message of an int length. */
    public static final int MAX_PIECE_COUNT = Integer.MAX_VALUE - 64;

    public WireLimits {
        if (pieceCount <= 0 || pieceCount > MAX_PIECE_COUNT) {
            throw new IllegalArgumentException("pieceCount must be in 1.." + MAX_PIECE_COUNT + ": " + pieceCount);
        }
        requirePositive("maxBlockLength", maxBlockLength);
        requirePositive("maxRequestLength", maxRequestLength);
        requirePositive("maxExtendedPayload", maxExtendedPayload);
        if (maxBlockLength > Integer.MAX_VALUE - 9 || maxExtendedPayload > Integer.MAX_VALUE - 2) {
            throw new IllegalArgumentException("a frame length must fit in 31 bits");
        }
        if (extendedHandshakeBencode == null) {
            throw new IllegalArgumentException("extendedHandshakeBencode must not be null");
        }
    }

    /** The defaults above, for a torrent of {@code pieceCount} pieces. */
    public static WireLimits forPieceCount(int pieceCount) {
        return new WireLimits(
                pieceCount,
                DEFAULT_MAX_BLOCK_LENGTH,
                DEFAULT_MAX_REQUEST_LENGTH,
                DEFAULT_MAX_EXTENDED_PAYLOAD,
                DEFAULT_EXTENDED_HANDSHAKE_BENCODE);
    }

    /** These limits with another maximum block length for {@code piece} messages. */
    public WireLimits withMaxBlockLength(int value) {
        return new WireLimits(pieceCount, value, maxRequestLength, maxExtendedPayload, extendedHandshakeBencode);
    }

    /** These limits with another maximum length for {@code request}, {@code cancel} and {@code reject request}. */
    public WireLimits withMaxRequestLength(int value) {
        return new WireLimits(pieceCount, maxBlockLength, value, maxExtendedPayload, extendedHandshakeBencode);
    }

    /** These limits with another maximum extended payload. */
    public WireLimits withMaxExtendedPayload(int value) {
        return new WireLimits(pieceCount, maxBlockLength, maxRequestLength, value, extendedHandshakeBencode);
    }

    /** The exact length of a bitfield's payload for this torrent: one bit per piece, rounded up to whole bytes. */
    public int bitfieldBytes() {
        return (int) ((pieceCount + 7L) / 8);
    }

    /**
     * The longest frame accepted, not counting its 4-byte length prefix: the longest of a full bitfield, a piece of
     * the longest block, and an extended message of the largest payload. Messages of unknown ids are held to it too.
     */
    public int maxMessageLength() {
        return Math.max(1 + bitfieldBytes(), Math.max(9 + maxBlockLength, 2 + maxExtendedPayload));
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
