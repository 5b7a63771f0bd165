package org.ossnet.agent.swarm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ossnet.agent.ban.PeerTrust;
import org.ossnet.agent.ban.Verdict;
import org.ossnet.agent.picker.Arrival;
import org.ossnet.agent.picker.BlockRequest;
import org.ossnet.agent.picker.Cancel;
import org.ossnet.agent.picker.PiecePicker;
import org.ossnet.agent.picker.QueueDepth;
import org.ossnet.agent.storage.PieceStore;
import org.ossnet.agent.storage.WriteOutcome;
import org.ossnet.agent.wire.ExtendedHandshake;
import org.ossnet.agent.wire.PeerMessage;
import org.ossnet.agent.wire.PieceSet;

/**
 * The protocol logic of one torrent's connections: what each message means for the picker, the store, the trust
 * bookkeeping and the other connections. Called on each connection's reader thread, and on {@link PieceChecks}' thread
 * for the pieces they complete; the units it drives are thread-safe, and per-connection decisions that must not
 * interleave lock that connection.
 */
final class SwarmHandler {

    private final TorrentSession session;
    private final PieceStore store;
    private final PiecePicker<Source> picker;
    /** The near hosts connected, by address, with their connection counts: see {@link #nearHost}. */
    private final Map<InetAddress, Integer> nearHosts = new HashMap<>();

    private final PeerTrust<BanKey> trust;
    private final SwarmConfig config;
    private final Extensions extensions;
    private final FastExtension fast;
    private final SuperSeeding superSeeding;
    private final SourceLedger ledger = new SourceLedger();
    private final PieceChecks checks;

    /** {@code superSeeding} is null except for an initial seed, which shows its pieces a few at a time. */
    SwarmHandler(
            TorrentSession session,
            PieceStore store,
            PiecePicker<Source> picker,
            PeerTrust<BanKey> trust,
            SwarmConfig config,
            Extensions extensions,
            SuperSeeding superSeeding) {
        this.session = session;
        this.store = store;
        this.picker = picker;
        this.trust = trust;
        this.config = config;
        this.extensions = extensions;
        this.fast = new FastExtension(store);
        this.superSeeding = superSeeding;
        this.checks = new PieceChecks(
                this::check, session::isOpen, "piece-check-" + store.infoHash().toHex());
    }

    /** The bytes of pieces verified so far, by source. */
    BytesBySource bytesBySource() {
        return ledger.totals();
    }

    BanKey key(PeerConnection c) {
        return BanKey.of(c.remote.getAddress(), c.handshake.peerId(), config.banWholeAddress());
    }

    /**
     * A near host connected or went; the picker's stripe follows: this host's rank by address among itself and the near
     * hosts it is connected to, which each of them works out alike once they are all connected to each other.
     */
    private void nearHost(PeerConnection c, boolean joined) {
        synchronized (nearHosts) {
            if (joined) {
                nearHosts.merge(c.remote.getAddress(), 1, Integer::sum);
            } else {
                nearHosts.computeIfPresent(c.remote.getAddress(), (address, count) -> count == 1 ? null : count - 1);
            }
            byte[] own = c.local.getAddress().getAddress();
            int below = 0;
            int others = 0;
            for (InetAddress host : nearHosts.keySet()) {
                int order = Arrays.compareUnsigned(host.getAddress(), own);
                below += order < 0 ? 1 : 0;
                others += order != 0 ? 1 : 0;
            }
            picker.stripe(others + 1, below);
        }
    }

    /** Whether the peer is in this agent's region ({@link SwarmConfig#near}). */
    boolean isNear(PeerConnection c) {
        return config.near().test(c.remote.getAddress());
    }

    boolean mayUploadTo(PeerConnection c) {
        return config.uploadEnabled() && config.uploadPolicy().allows(c.remote.getAddress());
    }

    void uploaded(PeerConnection c, int bytes) {
        session.uploaded(c, bytes);
    }

    /** Right after the handshake: say what we have, the compact way when the peer speaks the fast extension. */
    void connected(PeerConnection c) {
        if (isNear(c)) {
            picker.near(c);
            nearHost(c, true);
        }
        if (c.handshake.supportsExtensions()) {
            c.send(extensions.handshakeFor(c));
        }
        if (superSeeding != null) {
            superSeeding.connected(c);
            return;
        }
        BitSet have = store.verifiedPieces();
        int count = store.info().pieceCount();
        if (c.supportsFast() && have.cardinality() == count) {
            c.send(new PeerMessage.HaveAll());
        } else if (c.supportsFast() && have.isEmpty()) {
            c.send(new PeerMessage.HaveNone());
        } else if (!have.isEmpty()) {
            PieceSet pieces = new PieceSet(count);
            have.stream().forEach(pieces::set);
            c.send(new PeerMessage.Bitfield(pieces));
        }
        fast.connected(c, mayUploadTo(c));
    }

    /** We choked {@code c}: an initial seed shows what it was shown to others instead. */
    void choked(PeerConnection c) {
        if (superSeeding != null) {
            superSeeding.choked(c);
        }
    }

    /** We unchoked {@code c}: an initial seed shows it a window again. */
    void unchoked(PeerConnection c) {
        if (superSeeding != null) {
            superSeeding.unchoked(c);
        }
    }

    /** Housekeeping at each tick: an initial seed feeds peers the swarm left waiting. */
    void tick(long now) {
        if (superSeeding != null) {
            superSeeding.tick(now);
        }
    }

    void disconnected(PeerConnection c) {
        synchronized (c) {
            picker.peerDisconnected(c);
        }
        if (isNear(c)) {
            nearHost(c, false);
        }
        if (superSeeding != null) {
            superSeeding.disconnected(c, !extensions.neverUploads(c));
        }
        extensions.disconnected(c);
        fast.disconnected(c);
        session.detach(c);
    }

    void received(PeerConnection c, PeerMessage message) {
        switch (message) {
            case PeerMessage.Choke x -> {
                c.peerChoking = true;
                picker.choked(c);
            }
            case PeerMessage.Unchoke x -> {
                c.peerChoking = false;
                picker.unchoked(c);
                fill(c);
            }
            case PeerMessage.Interested x -> {
                c.peerInterested = true;
                session.peerInterested(c);
            }
            case PeerMessage.NotInterested x -> c.peerInterested = false;
            case PeerMessage.Have h -> {
                // A near peer that got a piece we await from farther: those requests go to it instead.
                List<Cancel<Source>> cancels = picker.have(c, h.pieceIndex());
                if (!cancels.isEmpty()) {
                    sendCancels(cancels);
                    fill(c);
                }
                updateInterest(c);
                if (superSeeding != null) {
                    superSeeding.have(c, h.pieceIndex());
                }
            }
            case PeerMessage.Bitfield b -> {
                PieceSet pieces = b.pieces();
                BitSet bits = new BitSet(pieces.size());
                for (int i = pieces.nextSetBit(0); i >= 0; i = pieces.nextSetBit(i + 1)) {
                    bits.set(i);
                }
                picker.bitfield(c, bits);
                updateInterest(c);
                if (superSeeding != null) {
                    superSeeding.bitfield(c, bits);
                }
            }
            case PeerMessage.HaveAll x -> {
                picker.haveAll(c);
                updateInterest(c);
                if (superSeeding != null) {
                    BitSet all = new BitSet();
                    all.set(0, store.info().pieceCount());
                    superSeeding.bitfield(c, all);
                }
            }
            case PeerMessage.HaveNone x -> picker.haveNone(c);
            case PeerMessage.Request r -> request(c, r);
            case PeerMessage.Piece p -> piece(c, p);
            case PeerMessage.Cancel x -> c.withdraw(new PeerMessage.Request(x.pieceIndex(), x.begin(), x.length()));
            case PeerMessage.RejectRequest r ->
                picker.rejected(c, new BlockRequest(r.pieceIndex(), r.begin(), r.length()));
            case PeerMessage.AllowedFast a -> {
                fast.offered(c, a.pieceIndex());
                fill(c);
            }
            case ExtendedHandshake h -> extensions.handshakeReceived(c, h);
            case PeerMessage.Extended e -> extensions.received(c, e);
            default -> {
                // Keep-alives, suggestions, DHT ports and unknown messages need no action.
            }
        }
    }

    /** Becomes interested or not, as the peer has something we lack, and asks for blocks when it lets us. */
    void updateInterest(PeerConnection c) {
        boolean want = picker.isInteresting(c);
        synchronized (c) {
            if (want != c.amInterested) {
                c.amInterested = want;
                c.send(want ? new PeerMessage.Interested() : new PeerMessage.NotInterested());
            }
        }
        fill(c);
    }

    /**
     * Tops up the peer's pipeline, to the depth its {@code reqq} allows, and while it chokes us only with its
     * allowed-fast pieces; locked with the disconnect so no request is handed to a closed connection.
     */
    void fill(PeerConnection c) {
        synchronized (c) {
            BitSet only = c.peerChoking ? fast.offeredBy(c) : null;
            if ((c.peerChoking && only == null) || c.isClosed()) {
                return;
            }
            int depth =
                    extensions.requestQueueDepth(c, QueueDepth.forRate(config.requestQueueDepth(), c.received.rate()));
            // Requests go out in batches of an eighth of the depth: topping up after every block woke the writer
            // thread and scanned the picker once per 16 KiB received.
            if (picker.outstandingCount(c) > depth - Math.max(1, depth / 8)) {
                return;
            }
            for (BlockRequest r : picker.nextRequests(c, depth, only)) {
                c.send(new PeerMessage.Request(r.piece(), r.offset(), r.length()));
            }
        }
    }

    private void request(PeerConnection c, PeerMessage.Request r) {
        int piece = r.pieceIndex();
        if (r.length() == 0 || r.begin() > store.info().pieceSize(piece) - r.length()) {
            c.close();
            return;
        }
        boolean served = mayServe(c, piece) && store.hasPiece(piece) && c.serve(r);
        if (!served && c.supportsFast()) {
            c.send(new PeerMessage.RejectRequest(piece, r.begin(), r.length()));
        }
    }

    /** Whether a request for {@code piece} may be served now: unchoked, or one of its allowed-fast pieces. */
    boolean mayServe(PeerConnection c, int piece) {
        return (!c.amChoking || fast.isGranted(c, piece)) && mayUploadTo(c);
    }

    private void piece(PeerConnection c, PeerMessage.Piece p) {
        int length = p.length();
        c.received.add(length);
        c.lastBlockNanos = System.nanoTime();
        session.downloaded(c, length);
        Arrival<Source> arrival = picker.blockReceived(c, new BlockRequest(p.pieceIndex(), p.begin(), length));
        sendCancels(arrival);
        if (arrival.wanted()) {
            write(c, p);
        }
        fill(c);
    }

    /** Cancels the duplicates of an end-game block at the other peers; a web seed's range cannot be cancelled. */
    private void sendCancels(Arrival<Source> arrival) {
        sendCancels(arrival.cancels());
    }

    private void sendCancels(List<Cancel<Source>> cancels) {
        for (Cancel<Source> cancel : cancels) {
            if (cancel.peer() instanceof PeerConnection other) {
                BlockRequest r = cancel.request();
                other.send(new PeerMessage.Cancel(r.piece(), r.offset(), r.length()));
            }
        }
    }

    /** A block from a web seed, of a piece whose SHA-1 it has already checked, so it needs no trust bookkeeping. */
    void webSeedBlock(WebSeed seed, BlockRequest block, ByteBuffer data) {
        Arrival<Source> arrival = picker.blockReceived(seed, block);
        sendCancels(arrival);
        if (arrival.wanted()) {
            store(null, seed.isOrigin() ? SourceLedger.Kind.ORIGIN : SourceLedger.Kind.MIRROR, block, data);
        }
    }

    private void write(PeerConnection c, PeerMessage.Piece p) {
        SourceLedger.Kind kind = extensions.isOrigin(c) ? SourceLedger.Kind.ORIGIN : SourceLedger.Kind.PEER;
        store(key(c), kind, new BlockRequest(p.pieceIndex(), p.begin(), p.length()), p.block());
    }

    /**
     * Stores a block from {@code from} (null for a web seed); a piece it completes is checked by {@link #checks}, so
     * that this reader goes back to its socket at once.
     */
    private void store(BanKey from, SourceLedger.Kind kind, BlockRequest block, ByteBuffer data) {
        int piece = block.piece();
        int offset = block.offset();
        WriteOutcome outcome;
        try {
            outcome = store.put(piece, offset, data);
        } catch (IOException e) {
            session.fail(e);
            return;
        }
        if (!(outcome instanceof WriteOutcome.Duplicate)) {
            ledger.stored(piece, kind, block.length());
            if (from != null) {
                trust.blockReceived(from, piece, offset);
            }
        }
        if (outcome instanceof WriteOutcome.PieceComplete complete) {
            checks.submit(complete.piece());
        }
    }

    /**
     * Checks a complete piece against its SHA-1 and acts on the outcome, on {@link #checks}' thread. A failure to
     * check (the disk, or the torrent closing under it) fails the session, as a failed write does.
     */
    private void check(int piece) {
        try {
            switch (store.verify(piece)) {
                case WriteOutcome.PieceVerified v -> {
                    ledger.verified(piece);
                    verified(piece);
                }
                case WriteOutcome.PieceFailed f -> {
                    ledger.failed(piece);
                    picker.pieceFailed(piece);
                    session.ban(trust.pieceFailed(piece, f.data()).banned());
                }
                default -> {}
            }
        } catch (IOException | RuntimeException e) {
            session.fail(e);
        }
    }

    private void verified(int piece) {
        picker.pieceVerified(piece);
        Verdict<BanKey> verdict;
        try {
            verdict = trust.pieceVerified(piece, (offset, length) -> bytes(store.readBlock(piece, offset, length)));
        } catch (IOException | UncheckedIOException e) {
            session.fail(e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
            return;
        }
        session.ban(verdict.banned());
        session.pieceVerified(piece);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
