package org.ossnet.agent.swarm;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ossnet.agent.wire.Handshake;
import org.ossnet.agent.wire.HandshakeDecoder;
import org.ossnet.core.torrent.InfoHash;

/**
 * Accepts incoming peer connections on one port and routes each to the {@link TorrentSession} of its info-hash, read
 * from the first {@value Handshake#LENGTH_BEFORE_PEER_ID} bytes of its handshake; connections for unknown swarms are
 * closed. A connection that has not said which swarm it wants within the handshake timeout is closed, and at most
 * {@code maxPending} connections may be waiting to say so at once (more are closed on accept), so silent sockets
 * cannot pile up threads and descriptors.
 */
public final class PeerListener implements AutoCloseable {

    /** How long an accepted connection may take to send the first bytes of its handshake, by default. */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /** How many accepted connections may be waiting for their handshake at once, by default. */
    public static final int MAX_PENDING = 256;

    private final ServerSocketChannel server;
    private final Map<InfoHash, TorrentSession> sessions = new ConcurrentHashMap<>();
    private final Map<SocketChannel, Long> pending = new ConcurrentHashMap<>();
    private final Duration handshakeTimeout;
    private final int maxPending;

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
        var decoder = new HandshakeDecoder();
        ByteBuffer buffer = ByteBuffer.allocate(Handshakes.BUFFER).flip();
        try {
            Handshakes.readUntil(channel, decoder, buffer, Handshake.LENGTH_BEFORE_PEER_ID);
            pending.remove(channel);
            TorrentSession session = sessions.get(decoder.infoHash().orElseThrow());
            if (session != null && session.isOpen()) {
                session.accept(channel, decoder, buffer);
                return;
            }
        } catch (IOException | RuntimeException e) {
            // Not a BitTorrent peer, silent past the timeout, or gone before it said which swarm it wants.
        }
        pending.remove(channel);
        closeQuietly(channel);
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

    private static void closeQuietly(SocketChannel channel) {
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
