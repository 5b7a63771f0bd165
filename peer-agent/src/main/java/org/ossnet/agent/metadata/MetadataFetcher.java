package org.ossnet.agent.metadata;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.ossnet.agent.wire.MetadataMessage;
import org.ossnet.core.torrent.InfoHash;

/**
 * Collects the pieces of one torrent's info dictionary from any number of peers ({@code P}, whatever identifies a
 * peer to the caller) and accepts the whole only if its SHA-1 is the info-hash. It does no I/O: the caller sends the
 * requests it hands out and feeds it the answers. Thread-safe.
 *
 * <p>The size comes from the first peer that states one (its extended handshake's {@code metadata_size} or a data
 * message's {@code total_size}) within {@code maxSize}; a peer that states another size is not believed. If the
 * assembled bytes do not hash to the info-hash, every piece is thrown away and the peers that sent them are returned,
 * so the caller can drop them; the size is forgotten too, since it may have been the lie.
 */
public final class MetadataFetcher<P> {

    /** A generous bound, as libtorrent's default: 16 MiB of info dictionary is 800,000 piece hashes. */
    public static final int DEFAULT_MAX_SIZE = 16 * 1024 * 1024;

    /** What a data message did: the pieces still missing, the verified dictionary, or the peers of a bad one. */
    public sealed interface Outcome<P> {
        /** The piece was taken (or ignored); more are needed. */
        record Pending<P>() implements Outcome<P> {}

        /** Every piece arrived and the SHA-1 matched. */
        record Complete<P>(byte[] info) implements Outcome<P> {}

        /** Every piece arrived but the SHA-1 did not match; these peers sent the pieces, all were discarded. */
        record Corrupt<P>(Set<P> senders) implements Outcome<P> {}
    }

    private final InfoHash infoHash;
    private final int maxSize;
    private int size;
    private byte[][] pieces;
    private final Map<Integer, P> senders = new HashMap<>();
    private final Map<Integer, P> requested = new HashMap<>();
    private byte[] result;

    public MetadataFetcher(InfoHash infoHash, int maxSize) {
        if (maxSize <= 0) {
            throw new IllegalArgumentException("maxSize must be positive: " + maxSize);
        }
        this.infoHash = infoHash;
        this.maxSize = maxSize;
    }

    /** A peer stated the size of the info dictionary; returns whether it is (now) the size believed. */
    public synchronized boolean sizeStated(long statedSize) {
        if (size != 0) {
            return statedSize == size;
        }
        if (statedSize <= 0 || statedSize > maxSize) {
            return false;
        }
        size = (int) statedSize;
        pieces = new byte[MetadataMessage.pieceCount(size)][];
        return true;
    }

    /** A piece to ask {@code peer} for: one neither received nor asked of anyone; empty if none or size unknown. */
    public synchronized OptionalInt nextRequest(P peer) {
        if (pieces == null || result != null) {
            return OptionalInt.empty();
        }
        for (int piece = 0; piece < pieces.length; piece++) {
            if (pieces[piece] == null && !requested.containsKey(piece)) {
                requested.put(piece, peer);
                return OptionalInt.of(piece);
            }
        }
        return OptionalInt.empty();
    }

    /** {@code peer} rejected the piece, or went away: it may be asked of another peer. */
    public synchronized void rejected(P peer, int piece) {
        requested.remove(piece, peer);
    }

    /** {@code peer} is gone: its outstanding requests may go to others. */
    public synchronized void peerGone(P peer) {
        requested.values().removeIf(peer::equals);
    }

    /**
     * A data message from {@code peer}. A piece of the wrong length, or of a size other than the believed one, is
     * ignored (the piece may be asked again); an unrequested piece is taken if missing, since the SHA-1 decides.
     */
    public synchronized Outcome<P> received(P peer, MetadataMessage.Data data) {
        if (result != null || !sizeStated(data.totalSize())) {
            return new Outcome.Pending<>();
        }
        int piece = data.piece();
        requested.remove(piece, peer);
        if (piece >= pieces.length || data.data().remaining() != pieceLength(piece) || pieces[piece] != null) {
            return new Outcome.Pending<>();
        }
        byte[] bytes = new byte[data.data().remaining()];
        data.data().get(bytes);
        pieces[piece] = bytes;
        senders.put(piece, peer);
        for (byte[] p : pieces) {
            if (p == null) {
                return new Outcome.Pending<>();
            }
        }
        ByteBuffer whole = ByteBuffer.allocate(size);
        for (byte[] p : pieces) {
            whole.put(p);
        }
        byte[] info = whole.array();
        if (MessageDigest.isEqual(sha1(info), infoHash.bytes())) {
            result = info;
            return new Outcome.Complete<>(info.clone());
        }
        Set<P> bad = new HashSet<>(senders.values());
        senders.clear();
        requested.clear();
        size = 0;
        pieces = null;
        return new Outcome.Corrupt<>(bad);
    }

    /** The verified info dictionary, once complete. */
    public synchronized Optional<byte[]> result() {
        return Optional.ofNullable(result).map(byte[]::clone);
    }

    /** The believed size, if any peer has stated an acceptable one. */
    public synchronized OptionalInt size() {
        return size == 0 ? OptionalInt.empty() : OptionalInt.of(size);
    }

    private int pieceLength(int piece) {
        return Math.min(MetadataMessage.PIECE_SIZE, size - piece * MetadataMessage.PIECE_SIZE);
    }

    private static byte[] sha1(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-1", e);
        }
    }
}
