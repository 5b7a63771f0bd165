package org.ossnet.agent.swarm;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.ossnet.agent.ban.PeerTrust;
import org.ossnet.agent.picker.PiecePicker;
import org.ossnet.agent.ratelimit.Throttle;
import org.ossnet.agent.ratelimit.TokenBucket;
import org.ossnet.agent.storage.PieceStore;
import org.ossnet.agent.wire.Handshake;
import org.ossnet.agent.wire.HandshakeDecoder;
import org.ossnet.agent.wire.MessageDecoder;
import org.ossnet.agent.wire.PeerId;
import org.ossnet.agent.wire.PeerMessage;
import org.ossnet.agent.wire.WireLimits;
import org.ossnet.core.torrent.Info;
import org.ossnet.core.torrent.InfoHash;

/**
 * The swarm of one file: it owns the file's {@link PieceStore}, picker, trust bookkeeping, choker and connections,
 * downloads until the file's SHA-256 is proven, and uploads only when and to whom the configuration allows.
 *
 * <p>Peers are dialled with {@link #addPeer} or routed here by a {@link PeerListener}. A housekeeping virtual thread
 * refills idle pipelines, samples rates, drops silent peers and re-runs the choker.
 */
public final class TorrentSession implements AutoCloseable {

    private final InfoHash infoHash;
    private final PieceStore store;
    private final byte[] expectedSha256;
    private final SwarmConfig config;
    private final PiecePicker<PeerConnection> picker;
    private final PeerTrust<BanKey> trust;
    private final SwarmHandler handler;
    private final Choking choking;
    private final TokenBucket uploadBucket;
    private final Throttle downloadThrottle;
    private final Set<PeerConnection> connections = ConcurrentHashMap.newKeySet();
    private final Map<SocketChannel, Long> handshaking = new ConcurrentHashMap<>();
    private final Set<InetSocketAddress> dialled = ConcurrentHashMap.newKeySet();
    private final Set<InetSocketAddress> bannedAddresses = ConcurrentHashMap.newKeySet();
    private final Map<PeerId, AtomicLong> receivedFrom = new ConcurrentHashMap<>();
    private final RateMeter up = new RateMeter();
    private final RateMeter down = new RateMeter();
    private final AtomicLong verifiedBytes = new AtomicLong();
    private final AtomicInteger banned = new AtomicInteger();
    private final AtomicBoolean finishing = new AtomicBoolean();
    private final CompletableFuture<Path> completion = new CompletableFuture<>();
    private final Thread housekeeper;
    private volatile boolean closed;

    private TorrentSession(PieceStore store, byte[] expectedSha256, SwarmConfig config, boolean initialSeed) {
        this.infoHash = store.infoHash();
        this.store = store;
        this.expectedSha256 = expectedSha256 == null ? null : expectedSha256.clone();
        this.config = config;
        this.picker = new PiecePicker<>(store.info(), store.verifiedPieces(), new Random());
        this.trust = new PeerTrust<>(config.banPolicy());
        SuperSeeding superSeeding = initialSeed
                ? new SuperSeeding(store.info().pieceCount(), store.info().pieceLength())
                : null;
        this.handler = new SwarmHandler(this, store, picker, trust, config, superSeeding);
        this.choking = new Choking(config, handler, connections, this::isComplete);
        this.uploadBucket = bucket(config.uploadRate());
        this.downloadThrottle =
                config.downloadRate() == TokenBucket.UNLIMITED ? null : Throttle.of(bucket(config.downloadRate()));
        store.verifiedPieces().stream()
                .forEach(p -> verifiedBytes.addAndGet(store.info().pieceSize(p)));
        this.housekeeper = Thread.ofVirtual().name("swarm-" + infoHash.toHex()).unstarted(this::housekeep);
    }

    /**
     * Starts or resumes downloading {@code finalPath}; verified pieces of an earlier run are kept. The file appears at
     * {@code finalPath} only once its SHA-256 equals {@code expectedSha256}; {@link #completion()} then completes.
     */
    public static TorrentSession download(
            Path finalPath, InfoHash infoHash, Info info, byte[] expectedSha256, SwarmConfig config)
            throws IOException {
        var session = new TorrentSession(PieceStore.open(finalPath, infoHash, info), expectedSha256, config, false);
        session.housekeeper.start();
        if (session.picker.isComplete()) {
            session.finish();
        }
        return session;
    }

    /**
     * Seeds a complete file, for instance the publisher's copy or one that {@link #download} finished. The seed shows
     * each peer a few pieces at a time, those shown least so far (see {@link org.ossnet.agent.picker.SeedReveals}), so
     * that it sends every piece once before any twice and its peers trade the rest among themselves.
     */
    public static TorrentSession seed(Path file, InfoHash infoHash, Info info, SwarmConfig config) throws IOException {
        var session = new TorrentSession(PieceStore.seed(file, infoHash, info), null, config, true);
        session.finishing.set(true);
        session.completion.complete(file);
        session.housekeeper.start();
        return session;
    }

    /** The swarm this session takes part in. */
    public InfoHash infoHash() {
        return infoHash;
    }

    /** Completes with the final path once the file is verified, or exceptionally if the session fails. */
    public CompletableFuture<Path> completion() {
        return completion.copy();
    }

    /**
     * Dials a peer unless it is banned, already dialled, the session is full or closed; returns whether it will try.
     * The connection runs on its own virtual threads.
     */
    public boolean addPeer(InetSocketAddress address) {
        if (closed || bannedAddresses.contains(address) || connections.size() >= config.maxConnections()) {
            return false;
        }
        if (!dialled.add(address)) {
            return false;
        }
        Thread.ofVirtual().name("peer-dial-" + address).start(() -> dial(address));
        return true;
    }

    private void dial(InetSocketAddress address) {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            handshaking.put(channel, System.nanoTime());
            channel.socket().connect(address, (int) config.connectTimeout().toMillis());
            Handshakes.write(channel, Handshake.of(infoHash, config.peerId()));
            var decoder = new HandshakeDecoder();
            ByteBuffer buffer = ByteBuffer.allocate(Handshakes.BUFFER).flip();
            Handshakes.readUntil(channel, decoder, buffer, Handshake.LENGTH);
            if (decoder.handshake().infoHash().equals(infoHash)) {
                run(channel, decoder.handshake(), buffer);
            }
        } catch (IOException | RuntimeException e) {
            // An unreachable or misbehaving peer is simply not connected.
        } finally {
            if (channel != null) {
                handshaking.remove(channel);
                closeQuietly(channel);
            }
            dialled.remove(address);
        }
    }

    /** Takes over a connection a {@link PeerListener} matched to this torrent by the first 48 bytes of its handshake. */
    void accept(SocketChannel channel, HandshakeDecoder decoder, ByteBuffer buffer) {
        try (channel) {
            handshaking.put(channel, System.nanoTime());
            if (closed || connections.size() >= config.maxConnections()) {
                return;
            }
            Handshakes.write(channel, Handshake.of(infoHash, config.peerId()));
            Handshakes.readUntil(channel, decoder, buffer, Handshake.LENGTH);
            run(channel, decoder.handshake(), buffer);
        } catch (IOException | RuntimeException e) {
            // As for a dial: the connection just ends.
        } finally {
            handshaking.remove(channel);
        }
    }

    private void run(SocketChannel channel, Handshake theirs, ByteBuffer leftover) throws IOException {
        handshaking.remove(channel);
        PeerConnection c;
        synchronized (connections) {
            boolean duplicate =
                    connections.stream().anyMatch(o -> o.handshake.peerId().equals(theirs.peerId()));
            if (closed
                    || duplicate
                    || theirs.peerId().equals(config.peerId())
                    || connections.size() >= config.maxConnections()) {
                return;
            }
            Throttle upload = Throttle.of(uploadBucket, bucket(config.perPeerUploadRate()));
            c = new PeerConnection(channel, theirs, handler, store, upload, downloadThrottle, config);
            if (trust.isBanned(handler.key(c))) {
                return;
            }
            connections.add(c);
        }
        c.run(new MessageDecoder(WireLimits.forPieceCount(store.info().pieceCount())), leftover);
    }

    void detach(PeerConnection c) {
        connections.remove(c);
    }

    void peerInterested(PeerConnection c) {
        choking.peerInterested(c);
    }

    void uploaded(int bytes) {
        up.add(bytes);
    }

    void downloaded(PeerConnection c, int bytes) {
        down.add(bytes);
        receivedFrom
                .computeIfAbsent(c.handshake.peerId(), p -> new AtomicLong())
                .addAndGet(bytes);
    }

    /** Disconnects the newly banned peers and never dials their addresses again. */
    void ban(Set<BanKey> keys) {
        for (BanKey key : keys) {
            banned.incrementAndGet();
            for (PeerConnection c : connections) {
                if (handler.key(c).equals(key)) {
                    bannedAddresses.add(c.remote);
                    c.close();
                }
            }
        }
    }

    void pieceVerified(int piece) {
        verifiedBytes.addAndGet(store.info().pieceSize(piece));
        for (PeerConnection c : connections) {
            c.send(new PeerMessage.Have(piece));
            handler.updateInterest(c);
        }
        if (picker.isComplete()) {
            finish();
        }
    }

    /** Proves the whole file off the reader threads; a mismatch fails the session and leaves no final file. */
    private void finish() {
        if (!finishing.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("swarm-complete-" + infoHash.toHex()).start(() -> {
            try {
                completion.complete(store.complete(expectedSha256));
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
        });
    }

    void fail(Exception e) {
        completion.completeExceptionally(e);
        close();
    }

    boolean isComplete() {
        return completion.isDone() && !completion.isCompletedExceptionally();
    }

    /** The block bytes received from the peer with {@code peerId}, over all its connections so far. */
    public long bytesReceivedFrom(PeerId peerId) {
        AtomicLong bytes = receivedFrom.get(peerId);
        return bytes == null ? 0 : bytes.get();
    }

    /** A snapshot of progress, rates and peers. */
    public SwarmProgress progress() {
        int sources = (int) connections.stream().filter(picker::isInteresting).count();
        return new SwarmProgress(
                store.info().length(),
                verifiedBytes.get(),
                down.total(),
                up.total(),
                down.rate(),
                up.rate(),
                connections.size(),
                sources,
                banned.get(),
                isComplete());
    }

    private void housekeep() {
        long nextChoke = 0;
        while (!closed) {
            long now = System.nanoTime();
            up.sample(now);
            down.sample(now);
            handshaking.forEach((channel, since) -> {
                if (now - since > config.connectTimeout().toNanos()) {
                    closeQuietly(channel);
                }
            });
            for (PeerConnection c : connections) {
                c.received.sample(now);
                c.sent.sample(now);
                if (now - c.lastReceivedNanos > config.idleTimeout().toNanos()) {
                    c.close();
                } else {
                    handler.fill(c);
                }
            }
            if (now - nextChoke >= 0) {
                choking.rechoke();
                nextChoke = now + config.chokeInterval().toNanos();
            }
            try {
                Thread.sleep(config.tick());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Drops every connection and closes the file; an unfinished download keeps its verified pieces for a resume. */
    @Override
    public void close() {
        closed = true;
        housekeeper.interrupt();
        handshaking.keySet().forEach(TorrentSession::closeQuietly);
        connections.forEach(PeerConnection::close);
        completion.cancel(false);
        try {
            store.close();
        } catch (IOException e) {
            // The resume record is an optimisation; the next run re-verifies whatever it finds.
        }
    }

    boolean isOpen() {
        return !closed;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing more to do for a channel being abandoned.
        }
    }

    private static TokenBucket bucket(long rate) {
        return rate == TokenBucket.UNLIMITED
                ? TokenBucket.unlimited()
                : TokenBucket.of(rate, Math.max(64 * 1024, rate / 10));
    }

    static List<PeerConnection> inOrder(Set<PeerConnection> connections) {
        return connections.stream().sorted(Comparator.comparingInt(c -> c.id)).toList();
    }
}
