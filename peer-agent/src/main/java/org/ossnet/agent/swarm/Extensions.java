package org.ossnet.agent.swarm;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.ossnet.agent.wire.ExtendedHandshake;
import org.ossnet.agent.wire.MetadataMessage;
import org.ossnet.agent.wire.PeerMessage;
import org.ossnet.agent.wire.WireProtocolException;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.torrent.Info;
import org.ossnet.core.torrent.InfoHash;

/**
 * The BEP 10 extension protocol of one torrent's connections: our extended handshake, what each peer said in its own,
 * and the BEP 9 {@code ut_metadata} requests we serve from the info dictionary.
 *
 * <p>The info dictionary is offered only when its bytes hash to the info-hash (they always do for a torrent built or
 * parsed here, since both encode canonically); otherwise {@code ut_metadata} is left out of our {@code m} rather than
 * serving bytes that a fetcher would reject.
 */
final class Extensions {

    /** The id we ask peers to send {@code ut_metadata} messages under. */
    static final int UT_METADATA_ID = 1;

    /** The {@code v} we send: the product and its major.minor version. */
    static final String CLIENT = "OSSNET " + version();

    private final byte[] info;
    private final SwarmConfig config;
    private final IntSupplier listenPort;
    private final Map<PeerConnection, ExtendedHandshake> theirs = new ConcurrentHashMap<>();

    /** {@code info} is the bencoded info dictionary, or null if it cannot be served; the port is 0 until known. */
    Extensions(byte[] info, SwarmConfig config, IntSupplier listenPort) {
        this.info = info == null ? null : info.clone();
        this.config = config;
        this.listenPort = listenPort;
    }

    /**
     * The extensions of a torrent: its info dictionary is served over {@code ut_metadata} if its canonical encoding
     * hashes to the info-hash.
     */
    static Extensions of(Info info, InfoHash infoHash, SwarmConfig config, IntSupplier listenPort) {
        byte[] bytes = Bencode.encode(info.toBencode());
        return new Extensions(InfoHash.sha1Of(bytes).equals(infoHash) ? bytes : null, config, listenPort);
    }

    /** Our extended handshake to {@code c}, telling it its address as we see it. */
    ExtendedHandshake handshakeFor(PeerConnection c) {
        int port = listenPort.getAsInt();
        return new ExtendedHandshake(
                info == null ? Map.of() : Map.of(MetadataMessage.EXTENSION, UT_METADATA_ID),
                Optional.of(CLIENT),
                port > 0 ? OptionalInt.of(port) : OptionalInt.empty(),
                OptionalInt.of(config.maxQueuedUploads()),
                Optional.of(c.remote.getAddress()),
                info == null ? OptionalLong.empty() : OptionalLong.of(info.length),
                config.origin(),
                !config.uploadEnabled());
    }

    void handshakeReceived(PeerConnection c, ExtendedHandshake handshake) {
        theirs.put(c, handshake);
    }

    void disconnected(PeerConnection c) {
        theirs.remove(c);
    }

    /** Whether {@code c} said in its extended handshake that it is the publisher's origin for this swarm. */
    boolean isOrigin(PeerConnection c) {
        ExtendedHandshake h = theirs.get(c);
        return h != null && h.origin();
    }

    /** Whether {@code c} said in its extended handshake that it never uploads in this swarm. */
    boolean neverUploads(PeerConnection c) {
        ExtendedHandshake h = theirs.get(c);
        return h != null && h.uploadOff();
    }

    /** How many requests to keep outstanding at {@code c}: our {@code depth}, capped at the {@code reqq} it announced. */
    int requestQueueDepth(PeerConnection c, int depth) {
        ExtendedHandshake h = theirs.get(c);
        return h == null || h.requestQueue().isEmpty()
                ? depth
                : Math.min(depth, h.requestQueue().getAsInt());
    }

    /** An extension message from {@code c}: metadata requests are answered, anything else ignored. */
    void received(PeerConnection c, PeerMessage.Extended message) {
        if (message.extendedId() != UT_METADATA_ID || info == null) {
            return;
        }
        OptionalInt replyId = Optional.ofNullable(theirs.get(c))
                .map(h -> h.idOf(MetadataMessage.EXTENSION))
                .orElse(OptionalInt.empty());
        MetadataMessage parsed;
        try {
            parsed = MetadataMessage.parse(message.payload());
        } catch (WireProtocolException e) {
            c.close();
            return;
        }
        if (!(parsed instanceof MetadataMessage.Request request) || replyId.isEmpty()) {
            return;
        }
        c.send(reply(request.piece()).toExtended(replyId.getAsInt()));
    }

    /** The data of a piece of the info dictionary, or a reject for a piece beyond its end. */
    MetadataMessage reply(int piece) {
        if (piece >= MetadataMessage.pieceCount(info.length)) {
            return new MetadataMessage.Reject(piece);
        }
        int from = piece * MetadataMessage.PIECE_SIZE;
        int length = Math.min(MetadataMessage.PIECE_SIZE, info.length - from);
        return new MetadataMessage.Data(piece, info.length, ByteBuffer.wrap(info, from, length));
    }

    private static String version() {
        String full = Extensions.class.getPackage().getImplementationVersion();
        if (full == null) {
            return "0.1";
        }
        String[] parts = full.split("[.-]");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : full;
    }
}
