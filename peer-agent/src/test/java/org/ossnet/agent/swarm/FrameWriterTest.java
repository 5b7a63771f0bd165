package org.ossnet.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ossnet.agent.storage.PieceStore;
import org.ossnet.agent.wire.MessageDecoder;
import org.ossnet.agent.wire.PeerMessage;
import org.ossnet.agent.wire.WireLimits;

/**
 * What a connection's writer sends arrives whole and in order, over a real loopback socket: blocks of a seeded file
 * from its mapping ({@code writev} of headers and mapped pages), and the same blocks read into the buffer where the
 * channel is not a plain socket (as a TLS connection's is not), with messages between them and batches past the
 * buffer's capacity.
 */
class FrameWriterTest {

    @TempDir
    Path dir;

    private final SwarmFixtures fixture = SwarmFixtures.random(5, 3 * 1024 * 1024 + 5_000, 256 * 1024);

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void blocksAndMessagesArriveWholeAndInOrder(boolean plainSocket) throws Exception {
        Path file = dir.resolve("seed.bin");
        Files.write(file, fixture.data());
        try (ServerSocketChannel server =
                        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel sender = SocketChannel.open(server.getLocalAddress());
                SocketChannel receiver = server.accept();
                PieceStore store = PieceStore.seed(file, fixture.infoHash(), fixture.info())) {
            CompletableFuture<List<PeerMessage>> received = CompletableFuture.supplyAsync(() -> readAll(receiver));
            var writer = new FrameWriter(plainSocket ? sender : notASocket(sender));
            List<PeerMessage> sent = new ArrayList<>();

            send(writer, sent, new PeerMessage.Unchoke());
            for (int piece = fixture.info().pieceCount() - 1; piece >= 0; piece--) {
                int size = fixture.info().pieceSize(piece);
                for (int begin = 0; begin < size; begin += 16 * 1024) {
                    int length = Math.min(16 * 1024, size - begin);
                    writer.block(store, piece, begin, length);
                    sent.add(new PeerMessage.Piece(
                            piece, begin, ByteBuffer.wrap(fixture.data(), piece * 256 * 1024 + begin, length)));
                    if (begin == 0) {
                        send(writer, sent, new PeerMessage.Have(piece));
                    }
                }
                if (piece % 4 == 0) {
                    writer.flush();
                }
            }
            send(writer, sent, new PeerMessage.KeepAlive());
            writer.flush();
            assertThat(writer.isEmpty()).isTrue();
            sender.shutdownOutput();

            List<PeerMessage> got = received.get(30, TimeUnit.SECONDS);
            assertThat(got).hasSameSizeAs(sent);
            for (int i = 0; i < sent.size(); i++) {
                assertThat(got.get(i)).as("message %d", i).isEqualTo(sent.get(i));
            }
        }
    }

    private static void send(FrameWriter writer, List<PeerMessage> sent, PeerMessage message) throws IOException {
        writer.message(message);
        sent.add(message);
    }

    private List<PeerMessage> readAll(SocketChannel receiver) {
        var decoder = new MessageDecoder(WireLimits.forPieceCount(fixture.info().pieceCount()));
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        List<PeerMessage> messages = new ArrayList<>();
        try {
            while (receiver.read(in) >= 0) {
                in.flip();
                for (PeerMessage m : decoder.decode(in)) {
                    messages.add(m instanceof PeerMessage.Piece p ? copy(p) : m);
                }
                in.compact();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return messages;
    }

    private static PeerMessage.Piece copy(PeerMessage.Piece piece) {
        ByteBuffer block =
                ByteBuffer.allocate(piece.block().remaining()).put(piece.block().duplicate());
        return new PeerMessage.Piece(piece.pieceIndex(), piece.begin(), block.flip());
    }

    /** The socket behind a plain {@link ByteChannel}, as a TLS connection presents itself to the writer. */
    private static ByteChannel notASocket(SocketChannel socket) {
        return new ByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                return socket.read(dst);
            }

            @Override
            public int write(ByteBuffer src) throws IOException {
                return socket.write(src);
            }

            @Override
            public boolean isOpen() {
                return socket.isOpen();
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        };
    }
}
