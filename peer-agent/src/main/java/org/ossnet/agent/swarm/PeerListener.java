package org.ossnet.agent.swarm;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ossnet.agent.wire.Handshake;
import org.ossnet.agent.wire.HandshakeDecoder;
import org.ossnet.core.torrent.InfoHash;

/**
 * Accepts incoming peer connections on one port and routes each to the {@link TorrentSession} of its info-hash, read
 * from the first {@value Handshake#LENGTH_BEFORE_PEER_ID} bytes of its handshake; connections for unknown swarms are
 * closed.
 */
public final class PeerListener implements AutoCloseable {

    private final ServerSocketChannel server;
    private final Map<InfoHash, TorrentSession> sessions = new ConcurrentHashMap<>();

    private PeerListener(ServerSocketChannel server) {
        this.server = server;
    }

    /** Listens on {@code address} (port 0 for any free port) and starts accepting on a virtual thread. */
    public static PeerListener open(InetSocketAddress address) throws IOException {
        var listener = new PeerListener(ServerSocketChannel.open().bind(address));
        Thread.ofVirtual().name("peer-listener-" + address).start(listener::acceptLoop);
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
            TorrentSession session = sessions.get(decoder.infoHash().orElseThrow());
            if (session != null && session.isOpen()) {
                session.accept(channel, decoder, buffer);
                return;
            }
        } catch (IOException | RuntimeException e) {
            // Not a BitTorrent peer, or gone before it said which swarm it wants.
        }
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
