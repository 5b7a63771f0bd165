package org.ossnet.agent.swarm;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.ossnet.agent.wire.ExtendedHandshake;
import org.ossnet.agent.wire.Handshake;
import org.ossnet.agent.wire.HandshakeDecoder;
import org.ossnet.agent.wire.MessageDecoder;
import org.ossnet.agent.wire.MessageEncoder;
import org.ossnet.agent.wire.PeerMessage;
import org.ossnet.agent.wire.WireLimits;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/**
 * A seed on a raw socket: on every connection it accepts it claims every piece, unchokes, and answers each request as
 * its script says. {@link #blocksSent()} completes with how many piece messages it sent once the other side of the
 * first connection hangs up. Public, with the corrupting factory, for the system tests' swarm.
 */
public final class ScriptedSeed implements AutoCloseable {

    private final ServerSocketChannel server;
    private final CompletableFuture<Integer> piecesSent = new CompletableFuture<>();

    private static final int ROUND_MILLIS = 5;

    private final AtomicInteger mostUnanswered = new AtomicInteger();
    private final AtomicInteger piecesWritten = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();

    private ScriptedSeed(
            InfoHash infoHash,
            int pieceCount,
            List<PeerMessage> greeting,
            Function<PeerMessage.Request, PeerMessage> script)
            throws IOException {
        this(InetAddress.getLoopbackAddress(), infoHash, pieceCount, greeting, script);
    }

    private ScriptedSeed(
            InetAddress bind,
            InfoHash infoHash,
            int pieceCount,
            List<PeerMessage> greeting,
            Function<PeerMessage.Request, PeerMessage> script)
            throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(bind, 0));
        Thread.ofVirtual().start(() -> acceptAll(infoHash, pieceCount, greeting, script));
    }

    /** A malicious peer on loopback that answers every request with random bytes. */
    static ScriptedSeed corrupting(InfoHash infoHash, int pieceCount) throws IOException {
        return corrupting(InetAddress.getLoopbackAddress(), infoHash, pieceCount);
    }

    /**
     * A malicious peer listening on {@code bind} (another loopback address such as 127.0.0.2 stands for another host)
     * that answers every request with random bytes.
     */
    public static ScriptedSeed corrupting(InetAddress bind, InfoHash infoHash, int pieceCount) throws IOException {
        var random = new Random(7);
        return new ScriptedSeed(bind, infoHash, pieceCount, List.of(), r -> {
            byte[] garbage = new byte[r.length()];
            synchronized (random) {
                random.nextBytes(garbage);
            }
            return new PeerMessage.Piece(r.pieceIndex(), r.begin(), ByteBuffer.wrap(garbage));
        });
    }

    /** An honest seed of {@code fixture} that rejects (BEP 6) the first request for every block, then serves it. */
    static ScriptedSeed rejectingEachBlockOnce(SwarmFixtures fixture) throws IOException {
        Set<PeerMessage.Request> seen = new HashSet<>();
        return new ScriptedSeed(
                fixture.infoHash(),
                fixture.info().pieceCount(),
                List.of(),
                r -> seen.add(r)
                        ? new PeerMessage.RejectRequest(r.pieceIndex(), r.begin(), r.length())
                        : block(fixture, r));
    }

    /** An honest seed of {@code fixture} that announces {@code reqq} in its extended handshake. */
    static ScriptedSeed honestWithQueueOf(SwarmFixtures fixture, int reqq) throws IOException {
        var handshake = new ExtendedHandshake(
                Map.of(),
                Optional.empty(),
                OptionalInt.empty(),
                OptionalInt.of(reqq),
                Optional.empty(),
                OptionalLong.empty(),
                false,
                false);
        return new ScriptedSeed(
                fixture.infoHash(), fixture.info().pieceCount(), List.of(handshake), r -> block(fixture, r));
    }

    private static PeerMessage block(SwarmFixtures fixture, PeerMessage.Request r) {
        long from = (long) r.pieceIndex() * fixture.info().pieceLength() + r.begin();
        return new PeerMessage.Piece(
                r.pieceIndex(), r.begin(), ByteBuffer.wrap(fixture.data(), (int) from, r.length()));
    }

    /** The most requests that were waiting for an answer at once. */
    int mostUnanswered() {
        return mostUnanswered.get();
    }

    public InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    /** How many piece messages were sent, once the first connection has ended. */
    public CompletableFuture<Integer> blocksSent() {
        return piecesSent;
    }

    /** How many piece messages were sent so far, over every connection. */
    public int blocksSentSoFar() {
        return piecesWritten.get();
    }

    /** How many connections were accepted so far. */
    public int connections() {
        return connections.get();
    }

    private void acceptAll(
            InfoHash infoHash,
            int pieceCount,
            List<PeerMessage> greeting,
            Function<PeerMessage.Request, PeerMessage> script) {
        try {
            while (true) {
                SocketChannel channel = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(channel, infoHash, pieceCount, greeting, script));
            }
        } catch (IOException e) {
            // Closed.
        }
    }

    private void serve(
            SocketChannel accepted,
            InfoHash infoHash,
            int pieceCount,
            List<PeerMessage> greeting,
            Function<PeerMessage.Request, PeerMessage> script) {
        try (SocketChannel channel = accepted) {
            ByteBuffer in = ByteBuffer.allocate(64 * 1024).flip();
            Handshakes.readUntil(channel, new HandshakeDecoder(), in, Handshake.LENGTH);
            Handshakes.write(channel, Handshake.of(infoHash, PeerId.random("-EV0001-")));
            for (PeerMessage message : greeting) {
                write(channel, message);
            }
            write(channel, new PeerMessage.HaveAll());
            write(channel, new PeerMessage.Unchoke());
            BlockingQueue<PeerMessage.Request> requests = new LinkedBlockingQueue<>();
            Thread answering = Thread.ofVirtual().start(() -> answer(channel, requests, script));
            var decoder = new MessageDecoder(WireLimits.forPieceCount(pieceCount));
            while (true) {
                for (PeerMessage message : decoder.decode(in)) {
                    if (message instanceof PeerMessage.Request r) {
                        requests.add(r);
                    }
                }
                in.clear();
                if (channel.read(in) < 0) {
                    break;
                }
                in.flip();
            }
            answering.interrupt();
        } catch (IOException e) {
            // The other side closed the connection: the end the tests wait for.
        }
        piecesSent.complete(piecesWritten.get());
    }

    /**
     * Answers requests in rounds a few milliseconds apart, all that have arrived by then at once, so {@link
     * #mostUnanswered()} sees how many a peer lets pile up.
     */
    private void answer(
            SocketChannel channel,
            BlockingQueue<PeerMessage.Request> requests,
            Function<PeerMessage.Request, PeerMessage> script) {
        try {
            while (true) {
                List<PeerMessage.Request> round = new ArrayList<>(List.of(requests.take()));
                Thread.sleep(ROUND_MILLIS);
                requests.drainTo(round);
                mostUnanswered.accumulateAndGet(round.size(), Math::max);
                for (PeerMessage.Request r : round) {
                    PeerMessage answer = script.apply(r);
                    write(channel, answer);
                    piecesWritten.addAndGet(answer instanceof PeerMessage.Piece ? 1 : 0);
                }
            }
        } catch (IOException | InterruptedException e) {
            // The connection ended.
        }
    }

    private static void write(SocketChannel channel, PeerMessage message) throws IOException {
        ByteBuffer out = MessageEncoder.encode(message);
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    /** Stops accepting; connections already open go on until their other side hangs up. */
    @Override
    public void close() throws IOException {
        server.close();
    }
}
