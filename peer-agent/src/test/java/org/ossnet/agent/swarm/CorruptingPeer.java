package org.ossnet.agent.swarm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.ossnet.agent.wire.Handshake;
import org.ossnet.agent.wire.HandshakeDecoder;
import org.ossnet.agent.wire.MessageDecoder;
import org.ossnet.agent.wire.MessageEncoder;
import org.ossnet.agent.wire.PeerId;
import org.ossnet.agent.wire.PeerMessage;
import org.ossnet.agent.wire.WireLimits;
import org.ossnet.core.torrent.InfoHash;

/**
 * A malicious peer on a raw socket: it claims every piece, unchokes, and answers every request with random bytes.
 * {@link #blocksSent()} completes with how many blocks it sent once the other side hangs up.
 */
final class CorruptingPeer implements AutoCloseable {

    private final ServerSocketChannel server;
    private final CompletableFuture<Integer> blocksSent = new CompletableFuture<>();

    CorruptingPeer(InfoHash infoHash, int pieceCount) throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(() -> serve(infoHash, pieceCount));
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    CompletableFuture<Integer> blocksSent() {
        return blocksSent;
    }

    private void serve(InfoHash infoHash, int pieceCount) {
        int sent = 0;
        try (SocketChannel channel = server.accept()) {
            ByteBuffer in = ByteBuffer.allocate(64 * 1024).flip();
            Handshakes.readUntil(channel, new HandshakeDecoder(), in, Handshake.LENGTH);
            Handshakes.write(channel, Handshake.of(infoHash, PeerId.random("-EV0001-")));
            write(channel, new PeerMessage.HaveAll());
            write(channel, new PeerMessage.Unchoke());
            var decoder = new MessageDecoder(WireLimits.forPieceCount(pieceCount));
            var random = new Random(7);
            while (true) {
                for (PeerMessage message : decoder.decode(in)) {
                    if (message instanceof PeerMessage.Request r) {
                        byte[] garbage = new byte[r.length()];
                        random.nextBytes(garbage);
                        write(channel, new PeerMessage.Piece(r.pieceIndex(), r.begin(), ByteBuffer.wrap(garbage)));
                        sent++;
                    }
                }
                in.clear();
                if (channel.read(in) < 0) {
                    break;
                }
                in.flip();
            }
        } catch (IOException e) {
            // The victim closed the connection on us: the outcome the test waits for.
        }
        blocksSent.complete(sent);
    }

    private static void write(SocketChannel channel, PeerMessage message) throws IOException {
        ByteBuffer out = MessageEncoder.encode(message);
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
