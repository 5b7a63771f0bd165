package org.ossnet.agent.swarm;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ossnet.agent.ban.PeerTrust;
import org.ossnet.agent.picker.PiecePicker;
import org.ossnet.agent.ratelimit.Throttle;
import org.ossnet.agent.ratelimit.TokenBucket;
import org.ossnet.agent.storage.PieceStore;
import org.ossnet.agent.wire.Handshake;
import org.ossnet.agent.wire.HandshakeDecoder;
import org.ossnet.agent.wire.PeerMessage;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.torrent.Info;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/**
 * The swarm of one file: it owns the file's {@link PieceStore}, picker, trust bookkeeping, choker and connections,
 * downloads until the file's SHA-256 is proven, and uploads only when and to whom the configuration allows.
 *
 * <p>Peers are dialled with {@link #addPeer} or routed here by a {@link PeerListener}. A housekeeping virtual thread
 * refills idle pipelines, samples rates, drops silent peers and re-runs the choker.
 *
 * <p>A session made with a {@link PrivateAccess} is private until {@link #makePublic()}: it speaks only TLS with
 * credentialed mirrors, and the TLS peers' credentials are checked again on each fresh revocation list ({@link
 * #recheckTlsPeers}) and at their certificates' expiry.
 */
public final class TorrentSession implements AutoCloseable {

    private final InfoHash infoHash;
    private final PieceStore store;
    private final byte[] expectedSha256;
    private final SwarmConfig config;
    private final PiecePicker<Source> picker;
    private final PeerTrust<BanKey> trust;
    private final SwarmHandler handler;
    private final Choking choking;
    private final TokenBucket uploadBucket;
    private final Throttle downloadThrottle;
    private final Set<PeerConnection> connections = ConcurrentHashMap.newKeySet();
    private final Set<InetSocketAddress> bannedAddresses = ConcurrentHashMap.newKeySet();
    private final SessionCounters counters;
    private final AtomicBoolean finishing = new AtomicBoolean();
    private final CompletableFuture<Path> completion = new CompletableFuture<>();
    private final PeerIntake intake;
    private final WebSeeds webSeeds;
    private final Thread housekeeper;
    private final Privacy privacy;
    private volatile boolean closed;
    private volatile int listenPort;

    private TorrentSession(
            PieceStore store, byte[] expectedSha256, SwarmConfig config, boolean superSeed, PrivateAccess access) {
        this.infoHash = store.infoHash();
        this.privacy = new Privacy(access);
        this.store = store;
        this.expectedSha256 = expectedSha256 == null ? null : expectedSha256.clone();
        this.config = config;
        this.counters = new SessionCounters(config.traffic() != null ? config.traffic() : new PeerTraffic());
        this.picker = new PiecePicker<>(store.info(), store.verifiedPieces(), new Random());
        this.trust = new PeerTrust<>(config.banPolicy());
        SuperSeeding superSeeding = superSeed
                ? new SuperSeeding(store.info().pieceCount(), store.info().pieceLength(), config.near())
                : null;
        this.handler = new SwarmHandler(
                this,
                store,
                picker,
                trust,
                config,
                Extensions.of(store.info(), infoHash, config, () -> listenPort),
                superSeeding);
        this.choking = new Choking(config, handler, connections, this::isComplete);
        RateLimits limits = config.sharedRates() != null
                ? config.sharedRates()
                : RateLimits.of(config.uploadRate(), config.downloadRate());
        this.uploadBucket = limits.upload();
        this.downloadThrottle = limits.download();
        store.verifiedPieces().stream()
                .forEach(p -> counters.verified(store.info().pieceSize(p)));
        this.webSeeds = new WebSeeds(this, handler, picker, counters, downloadThrottle, store.info(), config);
        this.intake = new PeerIntake(this, config, store.info().pieceCount(), connections, privacy);
        this.housekeeper = Thread.ofVirtual().name("swarm-" + infoHash.toHex()).unstarted(this::housekeep);
    }

    /**
     * Starts or resumes downloading {@code finalPath}; verified pieces of an earlier run are kept. The file appears at
     * {@code finalPath} only once its SHA-256 equals {@code expectedSha256}; {@link #completion()} then completes.
     */
    public static TorrentSession download(
            Path finalPath, InfoHash infoHash, Info info, byte[] expectedSha256, SwarmConfig config)
            throws IOException {
        return download(finalPath, infoHash, info, expectedSha256, config, null);
    }

    /**
     * As {@link #download(Path, InfoHash, Info, byte[], SwarmConfig)}, private to credentialed mirrors through {@code
     * access} until {@link #makePublic()}; null for a public session.
     */
    public static TorrentSession download(
            Path finalPath,
            InfoHash infoHash,
            Info info,
            byte[] expectedSha256,
            SwarmConfig config,
            PrivateAccess access)
            throws IOException {
        var session =
                new TorrentSession(PieceStore.open(finalPath, infoHash, info), expectedSha256, config, false, access);
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
        return seed(file, infoHash, info, config, null);
    }

    /**
     * As {@link #seed(Path, InfoHash, Info, SwarmConfig)}, private to credentialed mirrors through {@code access} until
     * {@link #makePublic()}; null for a public session.
     */
    public static TorrentSession seed(Path file, InfoHash infoHash, Info info, SwarmConfig config, PrivateAccess access)
            throws IOException {
        var session =
                new TorrentSession(PieceStore.seed(file, infoHash, info), null, config, config.superSeeding(), access);
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
        return intake.dial(address);
    }

    /** Takes over a connection a {@link PeerListener} matched to this torrent by the first 48 bytes of its handshake. */
    void accept(ByteChannel channel, HandshakeDecoder decoder, ByteBuffer buffer) {
        intake.accept(channel, decoder, buffer);
    }

    /**
     * Holds the origin's web seed back until peers and mirrors have given nothing for {@code hold}, as {@link
     * SwarmConfig#originFallback()} does, for this session: what a downloader does once the tracker says the swarm
     * has seeds besides the origin, so that a release's first downloads come from the mirrors, not the origin's HTTP.
     */
    public void holdOriginBack(Duration hold) {
        webSeeds.holdOriginBack(hold);
    }

    /** Whether the session is private: it dials and admits only TLS peers with a credential covering its file. */
    public boolean isPrivate() {
        return privacy.isPrivate();
    }

    /**
     * Turns a private session public, at its file's release: from now on it dials and admits plain peers like any
     * public session, with the pieces it has (nothing is downloaded again), while TLS peers already connected stay and
     * are still checked. New TLS handshakes for it are refused from now on, as for any public swarm. Nothing happens
     * to a session that is public already.
     */
    public void makePublic() {
        privacy.makePublic();
    }

    /**
     * Checks every TLS peer's credential against {@code fresh}, a revocation list just accepted, and closes those it no
     * longer accepts (revoked, expired, or the list itself not current); returns how many were closed. The caller hands
     * every fresh list to every session, after its {@code MirrorTls}'s supplier gives it, so connections still in their
     * handshakes are checked against it too.
     */
    public int recheckTlsPeers(RevocationList fresh) {
        return privacy.recheck(connections, fresh);
    }

    /** The name peers' credentials must cover while the session is private; what the listener's SNI lookup asks. */
    Optional<OssnetName> privateName() {
        return privacy.name();
    }

    /** A connection to a peer whose handshake has just been read, not yet admitted. */
    PeerConnection newConnection(ByteChannel channel, Handshake theirs) throws IOException {
        Throttle upload = Throttle.of(uploadBucket, RateLimits.bucket(config.perPeerUploadRate()));
        return new PeerConnection(channel, theirs, handler, store, upload, downloadThrottle, config);
    }

    boolean isBanned(PeerConnection c) {
        return trust.isBanned(handler.key(c));
    }

    /**
     * Starts fetching from a BEP 19 web seed (a {@code url-list} entry) beside the peers, unless it is in use already,
     * was dropped, or the download is complete; returns whether it started.
     *
     * @throws IllegalArgumentException if {@code url} is not an absolute http or https URL
     */
    public boolean addWebSeed(URI url) {
        return !closed && webSeeds.add(url);
    }

    /**
     * Adds the web seeds of a torrent's {@code url-list}; entries that are not absolute http or https URLs are
     * skipped, as aria2c and libtorrent skip them. Returns how many started.
     */
    public int addWebSeeds(List<String> urls) {
        return addWebSeeds(urls, null);
    }

    /**
     * As {@link #addWebSeeds(List)}; the entry equal to {@code origin} (null for none) is the publisher's origin, whose
     * bytes {@link #bytesBySource()} counts apart from the mirrors'.
     */
    public int addWebSeeds(List<String> urls, String origin) {
        return closed ? 0 : webSeeds.addAll(urls, origin);
    }

    /** The bytes of the pieces this session verified, by source: peers, mirrors, origin. */
    public BytesBySource bytesBySource() {
        return handler.bytesBySource();
    }

    /** Why each dropped web seed was dropped (bad data, or a response such as a 404), by the URL of its file. */
    Map<URI, String> droppedWebSeeds() {
        return webSeeds.dropped();
    }

    void detach(PeerConnection c) {
        connections.remove(c);
    }

    void peerInterested(PeerConnection c) {
        choking.peerInterested(c);
    }

    void uploaded(PeerConnection c, int bytes) {
        counters.uploaded(c.remote.getAddress(), bytes);
    }

    void downloaded(PeerConnection c, int bytes) {
        counters.downloaded(c.handshake.peerId(), c.remote.getAddress(), bytes);
    }

    /** Disconnects the newly banned peers and never dials their addresses again. */
    void ban(Set<BanKey> keys) {
        for (BanKey key : keys) {
            counters.banned();
            for (PeerConnection c : connections) {
                if (handler.key(c).equals(key)) {
                    bannedAddresses.add(c.remote);
                    c.close();
                }
            }
        }
    }

    void pieceVerified(int piece) {
        counters.verified(store.info().pieceSize(piece));
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
        return counters.bytesReceivedFrom(peerId);
    }

    /**
     * The block bytes received from every peer whose id starts with {@code prefix} (an Azureus-style client prefix
     * such as {@code -ON0001-}), over all their connections so far.
     */
    public long bytesReceivedFromPeersStartingWith(String prefix) {
        return counters.bytesReceivedFromPrefix(prefix.getBytes(StandardCharsets.US_ASCII));
    }

    /** The addresses banned for bad data so far (never dialled again). */
    public Set<InetSocketAddress> bannedAddresses() {
        return Set.copyOf(bannedAddresses);
    }

    /** A snapshot of progress, rates and peers. */
    public SwarmProgress progress() {
        int sources = (int) connections.stream().filter(picker::isInteresting).count() + webSeeds.active();
        return counters.progress(store.info().length(), connections.size(), sources, webSeeds.active(), isComplete());
    }

    private void housekeep() {
        long nextChoke = 0;
        while (!closed) {
            long now = System.nanoTime();
            counters.sample(now);
            intake.expireHandshakes(now);
            privacy.closeExpired(connections, Instant.now());
            for (PeerConnection c : connections) {
                c.received.sample(now);
                c.sent.sample(now);
                if (now - c.lastReceivedNanos > config.idleTimeout().toNanos()) {
                    c.close();
                } else {
                    handler.fill(c);
                }
            }
            handler.tick(now);
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
        intake.close();
        webSeeds.close();
        connections.forEach(PeerConnection::close);
        completion.cancel(false);
        try {
            store.close();
        } catch (IOException e) {
            // The resume record is an optimisation; the next run re-verifies whatever it finds.
        }
    }

    /** The port peers can reach us on, announced in extended handshakes; called by the listener we register with. */
    void listeningOn(int port) {
        listenPort = port;
    }

    boolean isOpen() {
        return !closed;
    }

    static List<PeerConnection> inOrder(Set<PeerConnection> connections) {
        return connections.stream().sorted(Comparator.comparingInt(c -> c.id)).toList();
    }
}
