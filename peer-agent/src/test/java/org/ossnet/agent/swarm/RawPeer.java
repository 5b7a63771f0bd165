package org.ossnet.agent.swarm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.ossnet.agent.wire.Handshake;
import org.ossnet.agent.wire.HandshakeDecoder;
import org.ossnet.agent.wire.MessageDecoder;
import org.ossnet.agent.wire.MessageEncoder;
import org.ossnet.agent.wire.PeerMessage;
import org.ossnet.agent.wire.WireLimits;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/**
 * A test peer on a raw socket that dials an agent, handshakes with the extension and fast bits, and hands the test
 * every message it receives, so a test can script the other side of the protocol message by message.
 */
final class RawPeer implements AutoCloseable {

    private final SocketChannel channel;
    private final BlockingQueue<PeerMessage> received = new LinkedBlockingQueue<>();
    private final List<PeerMessage> history = new CopyOnWriteArrayList<>();
    private volatile boolean hungUp;
    final Handshake theirs;

    private RawPeer(SocketChannel channel, Handshake theirs, ByteBuffer leftover, int pieceCount) {
        this.channel = channel;
        this.theirs = theirs;
        var decoder = new MessageDecoder(WireLimits.forPieceCount(pieceCount));
        Thread.ofVirtual().start(() -> read(decoder, leftover));
    }

    static RawPeer dial(InetSocketAddress address, InfoHash infoHash, int pieceCount) throws IOException {
        return dialFrom(null, address, infoHash, pieceCount);
    }

    /** As {@link #dial}, from {@code local} (another loopback address, say), or any address when it is null. */
    static RawPeer dialFrom(InetAddress local, InetSocketAddress address, InfoHash infoHash, int pieceCount)
            throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            if (local != null) {
                channel.bind(new InetSocketAddress(local, 0));
            }
            channel.connect(address);
            Handshakes.write(channel, Handshake.of(infoHash, PeerId.random("-RP0001-")));
            var decoder = new HandshakeDecoder();
            ByteBuffer buffer = ByteBuffer.allocate(Handshakes.BUFFER).flip();
            Handshakes.readUntil(channel, decoder, buffer, Handshake.LENGTH);
            return new RawPeer(channel, decoder.handshake(), buffer, pieceCount);
        } catch (IOException | RuntimeException e) {
            // A refused handshake would otherwise leave the socket open until the test ends.
            channel.close();
            throw e;
        }
    }

    private void read(MessageDecoder decoder, ByteBuffer buffer) {
        try {
            decoder.decode(buffer, this::keep);
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            while (channel.read(in.clear()) >= 0) {
                decoder.decode(in.flip(), this::keep);
            }
        } catch (IOException | RuntimeException e) {
            // The agent hung up, or the test closed us.
        }
        hungUp = true;
    }

    private void keep(PeerMessage decoded) {
        PeerMessage message = PeerMessage.retained(decoded);
        history.add(message);
        received.add(message);
    }

    /** Whether any message of {@code type} has arrived so far. */
    boolean hasReceived(Class<? extends PeerMessage> type) {
        return history.stream().anyMatch(type::isInstance);
    }

    /** Whether the connection has ended, from either side. */
    boolean hungUp() {
        return hungUp;
    }

    void send(PeerMessage message) throws IOException {
        ByteBuffer out = MessageEncoder.encode(message);
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    /** The next message matching {@code wanted}, skipping others; fails after {@code timeout}. */
    <T extends PeerMessage> T next(Class<T> type, Predicate<T> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            PeerMessage m = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no " + type.getSimpleName() + " within " + timeout);
            }
            if (type.isInstance(m) && wanted.test(type.cast(m))) {
                return type.cast(m);
            }
        }
    }

    <T extends PeerMessage> T next(Class<T> type) throws InterruptedException {
        return next(type, m -> true, Duration.ofSeconds(10));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
