package org.ossnet.agent.wire;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/**
 * The BitTorrent handshake (BEP 3), the first 68 bytes each side sends on a connection.
 *
 * <pre>
 * &lt;pstrlen=19&gt;&lt;pstr="BitTorrent protocol"&gt;&lt;reserved: 8 bytes&gt;&lt;info_hash: 20 bytes&gt;&lt;peer_id: 20 bytes&gt;
 *
 * 13                                               pstrlen
 * 42 69 74 54 6f 72 72 65 6e 74 20 70 72 6f 74 6f  "BitTorrent proto"
 * 63 6f 6c                                         "col"
 * 00 00 00 00 00 10 00 04                          reserved: extension protocol (byte 5, 0x10) and fast (byte 7, 0x04)
 * aa aa ... aa                                     info_hash (20 bytes)
 * 2d 4f 53 30 30 30 31 2d ...                      peer_id "-OS0001-..." (20 bytes)
 * </pre>
 *
 * <p>The reserved bytes are kept as one big-endian {@code long}, so byte 0 is its most significant byte and the bits
 * other extensions set survive a decode and re-encode.
 *
 * @param reserved the 8 reserved bytes, big-endian
 * @param infoHash the swarm the connection is for
 * @param peerId the sender's peer id
 */
public record Handshake(long reserved, InfoHash infoHash, PeerId peerId) {

    /** The encoded length of a handshake. */
    public static final int LENGTH = 68;

    /** The length of the part before the peer id, enough to match an incoming connection to its torrent. */
    public static final int LENGTH_BEFORE_PEER_ID = 48;

    /** The reserved bit of the BEP 10 extension protocol: byte 5, {@code 0x10}. */
    public static final long EXTENSION_PROTOCOL = 0x10L << 16;

    /** The reserved bit of the BEP 6 fast extension: byte 7, {@code 0x04}. */
    public static final long FAST_EXTENSION = 0x04L;

    /** The reserved bit of BEP 5 DHT support: byte 7, {@code 0x01}; the sender then sends a {@code port} message. */
    public static final long DHT = 0x01L;

    static final byte[] PROTOCOL = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);

    public Handshake {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(peerId, "peerId");
    }

    /** The handshake this agent sends: the extension protocol and the fast extension, and nothing else. */
    public static Handshake of(InfoHash infoHash, PeerId peerId) {
        return new Handshake(EXTENSION_PROTOCOL | FAST_EXTENSION, infoHash, peerId);
    }

    /** Whether the sender speaks the BEP 10 extension protocol. */
    public boolean supportsExtensions() {
        return (reserved & EXTENSION_PROTOCOL) != 0;
    }

    /** Whether the sender speaks the BEP 6 fast extension. */
    public boolean supportsFast() {
        return (reserved & FAST_EXTENSION) != 0;
    }

    /** Whether the sender runs a DHT node (BEP 5). */
    public boolean supportsDht() {
        return (reserved & DHT) != 0;
    }

    /**
     * Writes the 68 bytes of this handshake into {@code out}.
     *
     * @throws BufferOverflowException if {@code out} has fewer than {@link #LENGTH} bytes remaining, before writing any
     */
    public void writeTo(ByteBuffer out) {
        if (out.remaining() < LENGTH) {
            throw new BufferOverflowException();
        }
        out.put((byte) PROTOCOL.length)
                .put(PROTOCOL)
                .putLong(reserved)
                .put(infoHash.bytes())
                .put(peerId.bytes());
    }
}
