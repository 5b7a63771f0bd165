package org.ossnet.agent.swarm;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.ossnet.agent.tls.MirrorTls;
import org.ossnet.agent.tls.PrivateSwarms;
import org.ossnet.agent.tls.TlsPeer;
import org.ossnet.agent.wire.Handshake;
import org.ossnet.agent.wire.HandshakeDecoder;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.torrent.InfoHash;

/**
 * Accepts incoming peer connections on one port and routes each to the {@link TorrentSession} of its info-hash, read
 * from the first {@value Handshake#LENGTH_BEFORE_PEER_ID} bytes of its handshake; connections for unknown swarms are
 * closed. A connection that has not said which swarm it wants within the handshake timeout is closed, and at most
 * {@code maxPending} connections may be waiting to say so at once (more are closed on accept), so silent sockets
 * cannot pile up threads and descriptors.
 *
 * <p>Private swarms share the port, as libtorrent's SSL torrents do not (they need a port of their own): the first
 * byte tells a TLS handshake record ({@code 0x16}) from a BitTorrent handshake ({@code 0x13}, the length of its
 * protocol string). A TLS connection goes through {@link #acceptTls}'s {@link MirrorTls}, which picks the swarm by SNI
 * among the private sessions registered here ({@link #privateSwarms()}), and the BitTorrent handshake inside must
 * name that same swarm. The handshake timeout and the pending limit cover the TLS handshake too: a connection is
 * pending until it has named its swarm inside. A plain connection for a private session is closed by the session
 * before anything is sent back.
 */
public final class PeerListener implements AutoCloseable {

    /** How long an accepted connection may take to send the first bytes of its handshake, by default. */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /** How many accepted connections may be waiting for their handshake at once, by default. */
    public static final int MAX_PENDING = 256;

    private final ServerSocketChannel server;
    private final Map<InfoHash, TorrentSession> sessions = new ConcurrentHashMap<>();
    private final Map<SocketChannel, Long> pending = new ConcurrentHashMap<>();
    /** The first byte of a TLS record carrying a handshake message: a ClientHello, here. */
    private static final byte TLS_HANDSHAKE = 0x16;

    private final Duration handshakeTimeout;
    private final int maxPending;
    private volatile MirrorTls tls;

    private PeerListener(ServerSocketChannel server, Duration handshakeTimeout, int maxPending) {
        this.server = server;
        this.handshakeTimeout = handshakeTimeout;
        this.maxPending = maxPending;
    }

    /** Listens on {@code address} (port 0 for any free port) and starts accepting on a virtual thread. */
    public static PeerListener open(InetSocketAddress address) throws IOException {
        return open(address, HANDSHAKE_TIMEOUT, MAX_PENDING);
    }

    /** As {@link #open(InetSocketAddress)}, with another handshake timeout and limit on waiting connections. */
    public static PeerListener open(InetSocketAddress address, Duration handshakeTimeout, int maxPending)
            throws IOException {
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero() || maxPending < 1) {
            throw new IllegalArgumentException("the handshake timeout and the pending limit must be positive");
        }
        var listener = new PeerListener(ServerSocketChannel.open().bind(address), handshakeTimeout, maxPending);
        Thread.ofVirtual().name("peer-listener-" + address).start(listener::acceptLoop);
        Thread.ofVirtual().name("peer-listener-timeouts-" + address).start(listener::closeSilentConnections);
        return listener;
    }

    /** The bound address, with the actual port. */
    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    /** Routes connections for {@code session}'s swarm to it. */
    public void register(TorrentSession session) {
        sessions.put(session.infoHash(), session);
        try {
            session.listeningOn(address().getPort());
        } catch (IOException e) {
            // A closed listener has no port to announce; the session simply does not send one.
        }
    }

    /** Stops routing connections to {@code session}. */
    public void unregister(TorrentSession session) {
        sessions.remove(session.infoHash(), session);
    }

    /**
     * The private sessions registered here, by info-hash, as a live view: what the {@link MirrorTls} given to {@link
     * #acceptTls} must be built with, so that a TLS client's SNI finds a session only while it is registered, open and
     * private.
     */
    public PrivateSwarms privateSwarms() {
        return swarm -> Optional.ofNullable(sessions.get(swarm))
                .filter(TorrentSession::isOpen)
                .flatMap(TorrentSession::privateName);
    }

    /**
     * Re-checks the TLS peers of every session registered here against {@code fresh}, a revocation list just
     * accepted (or the held one as it expires), closing those it no longer accepts; returns how many were closed.
     */
    public int recheckTlsPeers(RevocationList fresh) {
        int closed = 0;
        for (TorrentSession session : sessions.values()) {
            closed += session.recheckTlsPeers(fresh);
        }
        return closed;
    }

    /**
     * Accepts TLS connections for private swarms through {@code tls} from now on, which must be built with {@link
     * #privateSwarms()}; until this is called (or with null) TLS connections are closed.
     */
    public void acceptTls(MirrorTls tls) {
        this.tls = tls;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel channel = server.accept();
                if (pending.size() >= maxPending) {
                    closeQuietly(channel);
                    continue;
                }
                pending.put(channel, System.nanoTime());
                Thread.ofVirtual().name("peer-accept").start(() -> route(channel));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void route(SocketChannel channel) {
        ByteChannel peer = channel;
        try {
            ByteBuffer buffer = ByteBuffer.allocate(Handshakes.BUFFER);
            if (channel.read(buffer) < 0) {
                throw new EOFException("closed before its first byte");
            }
            buffer.flip();
            MirrorTls serving = tls;
            if (buffer.get(0) == TLS_HANDSHAKE) {
                if (serving == null) {
                    throw new IOException("a TLS connection, and no private swarm is served here");
                }
                TlsPeer secured = serving.accept(channel, buffer);
                peer = secured;
                buffer = ByteBuffer.allocate(Handshakes.BUFFER).flip();
                routeWithin(secured, secured.swarm(), buffer);
            } else {
                routeWithin(channel, null, buffer);
            }
            return;
        } catch (IOException | RuntimeException e) {
            // Not a BitTorrent peer, refused over TLS, silent past the timeout, or gone before it named its swarm.
        }
        pending.remove(channel);
        closeQuietly(peer);
    }

    /**
     * Reads the handshake on {@code peer} as far as its info-hash and hands the connection to that swarm's session;
     * {@code sni} is the swarm a TLS client named, which the handshake must name too, or null for a plain connection.
     */
    private void routeWithin(ByteChannel peer, InfoHash sni, ByteBuffer buffer) throws IOException {
        var decoder = new HandshakeDecoder();
        Handshakes.readUntil(peer, decoder, buffer, Handshake.LENGTH_BEFORE_PEER_ID);
        pending.remove(PeerConnection.socketOf(peer));
        InfoHash wanted = decoder.infoHash().orElseThrow();
        if (sni != null && !sni.equals(wanted)) {
            throw new IOException("the handshake names another swarm than the TLS client's SNI");
        }
        TorrentSession session = sessions.get(wanted);
        if (session == null || !session.isOpen()) {
            throw new IOException("no session for the swarm the handshake names");
        }
        session.accept(peer, decoder, buffer);
    }

    /** Closes connections that have been waiting longer than the handshake timeout; their readers then fail. */
    private void closeSilentConnections() {
        long tick = Math.max(10, Math.min(1000, handshakeTimeout.toMillis() / 4));
        while (server.isOpen()) {
            long now = System.nanoTime();
            pending.forEach((channel, since) -> {
                if (now - since > handshakeTimeout.toNanos() && pending.remove(channel, since)) {
                    closeQuietly(channel);
                }
            });
            try {
                Thread.sleep(tick);
            } catch (InterruptedException e) {
                return;
            }
        }
        pending.keySet().forEach(PeerListener::closeQuietly);
    }

    private static void closeQuietly(ByteChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    /** Stops accepting; connections already routed stay with their sessions. */
    @Override
    public void close() throws IOException {
        server.close();
    }
}
