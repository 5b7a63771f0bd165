package org.ossnet.agent.swarm;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ossnet.agent.wire.Handshake;
import org.ossnet.agent.wire.HandshakeDecoder;
import org.ossnet.agent.wire.MessageDecoder;
import org.ossnet.agent.wire.WireLimits;
import org.ossnet.core.torrent.InfoHash;

/**
 * How connections reach a {@link TorrentSession}: dialling peers, taking over accepted ones, both handshakes, and
 * admitting the connection (no duplicate, no self, not banned, and a slot free or one it may displace, as {@link
 * Admission} decides) before its reader runs on the calling thread.
 * Handshakes (TLS and BitTorrent) that take longer than the connect timeout are cut off by {@link #expireHandshakes},
 * which closes their sockets. While the session is private ({@link Privacy}) it dials over TLS and admits only TLS
 * peers: a plain connection is closed before a byte is sent back.
 */
final class PeerIntake {

    private final TorrentSession session;
    private final InfoHash infoHash;
    private final SwarmConfig config;
    private final int pieceCount;
    private final Set<PeerConnection> connections;
    private final Map<SocketChannel, Long> handshaking = new ConcurrentHashMap<>();
    private final Set<InetSocketAddress> dialled = ConcurrentHashMap.newKeySet();
    private final Admission admission;
    private final Privacy privacy;

    PeerIntake(
            TorrentSession session,
            SwarmConfig config,
            int pieceCount,
            Set<PeerConnection> connections,
            Privacy privacy) {
        this.session = session;
        this.privacy = privacy;
        this.infoHash = session.infoHash();
        this.config = config;
        this.pieceCount = pieceCount;
        this.connections = connections;
        // A newcomer gets one choke round to be unchoked and start moving blocks before it may be displaced.
        this.admission = new Admission(
                config.maxConnections(),
                config.maxConnectionsPerAddress(),
                config.chokeInterval().toNanos());
    }

    /** Dials {@code address} on a virtual thread unless a dial to it is already under way; returns whether it will. */
    boolean dial(InetSocketAddress address) {
        if (!dialled.add(address)) {
            return false;
        }
        Thread.ofVirtual().name("peer-dial-" + address).start(() -> connect(address));
        return true;
    }

    private void connect(InetSocketAddress address) {
        SocketChannel socket = null;
        ByteChannel channel = null;
        try {
            socket = SocketChannel.open();
            handshaking.put(socket, System.nanoTime());
            // From the agent's own address, so the peer sees the one the tracker saw.
            config.source().bind(socket);
            socket.socket().connect(address, (int) config.connectTimeout().toMillis());
            channel = privacy.dialled(socket, infoHash);
            Handshakes.write(channel, Handshake.of(infoHash, config.peerId()));
            var decoder = new HandshakeDecoder();
            ByteBuffer buffer = ByteBuffer.allocate(Handshakes.BUFFER).flip();
            Handshakes.readUntil(channel, decoder, buffer, Handshake.LENGTH);
            if (decoder.handshake().infoHash().equals(infoHash)) {
                run(channel, decoder.handshake(), buffer);
            }
        } catch (IOException | RuntimeException e) {
            // An unreachable or misbehaving peer, or one refused over TLS, is simply not connected.
        } finally {
            if (socket != null) {
                handshaking.remove(socket);
                closeQuietly(channel != null ? channel : socket);
            }
            dialled.remove(address);
        }
    }

    /**
     * Takes over a connection a {@link PeerListener} matched to this torrent by the first 48 bytes of its handshake: a
     * {@link SocketChannel}, or a {@link org.ossnet.agent.tls.TlsPeer} whose SNI named this swarm.
     */
    void accept(ByteChannel channel, HandshakeDecoder decoder, ByteBuffer buffer) {
        SocketChannel socket = PeerConnection.socketOf(channel);
        try (channel) {
            handshaking.put(socket, System.nanoTime());
            // Refused before our handshake costs us anything; a displacement waits until theirs is complete.
            if (!session.isOpen()
                    || !privacy.admits(channel, infoHash)
                    || decide(socket) instanceof Admission.Decision.Refuse) {
                return;
            }
            Handshakes.write(channel, Handshake.of(infoHash, config.peerId()));
            Handshakes.readUntil(channel, decoder, buffer, Handshake.LENGTH);
            run(channel, decoder.handshake(), buffer);
        } catch (IOException | RuntimeException e) {
            // As for a dial: the connection just ends.
        } finally {
            handshaking.remove(socket);
        }
    }

    private void run(ByteChannel channel, Handshake theirs, ByteBuffer leftover) throws IOException {
        SocketChannel socket = PeerConnection.socketOf(channel);
        handshaking.remove(socket);
        if (!privacy.holds(channel)) {
            return;
        }
        PeerConnection c;
        PeerConnection displaced = null;
        synchronized (connections) {
            boolean duplicate =
                    connections.stream().anyMatch(o -> o.handshake.peerId().equals(theirs.peerId()));
            if (!session.isOpen() || duplicate || theirs.peerId().equals(config.peerId())) {
                return;
            }
            c = session.newConnection(channel, theirs);
            if (session.isBanned(c)) {
                return;
            }
            switch (decide(socket)) {
                case Admission.Decision.Refuse<PeerConnection> refuse -> {
                    return;
                }
                case Admission.Decision.Displace<PeerConnection> displace -> {
                    displaced = displace.victim();
                    connections.remove(displaced);
                }
                case Admission.Decision.Admit<PeerConnection> admit -> {
                    // A free slot.
                }
            }
            connections.add(c);
        }
        if (displaced != null) {
            displaced.close();
        }
        c.run(new MessageDecoder(WireLimits.forPieceCount(pieceCount)), leftover);
    }

    private Admission.Decision<PeerConnection> decide(SocketChannel socket) throws IOException {
        var connected = connections.stream()
                .map(o -> new Admission.Candidate<>(
                        o,
                        Admission.address(o.remote.getAddress()),
                        o.lastBlockNanos,
                        o.received.total() + o.sent.total(),
                        o.peerInterested || o.amInterested))
                .toList();
        var remote = (InetSocketAddress) socket.getRemoteAddress();
        return admission.decide(connected, Admission.address(remote.getAddress()), System.nanoTime());
    }

    /** Closes the channels whose handshake has taken longer than the connect timeout. */
    void expireHandshakes(long now) {
        handshaking.forEach((channel, since) -> {
            if (now - since > config.connectTimeout().toNanos()) {
                closeQuietly(channel);
            }
        });
    }

    /** Abandons every handshake under way. */
    void close() {
        handshaking.keySet().forEach(PeerIntake::closeQuietly);
    }

    private static void closeQuietly(ByteChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing more to do for a channel being abandoned.
        }
    }
}
