package org.ossnet.agent.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.agent.tls.TlsFixtures.NAME;
import static org.ossnet.agent.tls.TlsFixtures.SWARM;
import static org.ossnet.agent.tls.TlsFixtures.WAIT_SECONDS;
import static org.ossnet.agent.tls.TlsFixtures.bounded;
import static org.ossnet.agent.tls.TlsFixtures.readFully;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ossnet.agent.wire.Handshake;
import org.ossnet.agent.wire.HandshakeDecoder;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.torrent.PeerId;

@Timeout(60)
class MirrorTlsTest {

    private final TlsFixtures fixtures = new TlsFixtures();
    private final RevocationList list = fixtures.list(1);
    private final TlsFixtures.Mirror m1 = fixtures.mirror("m1.example.edu");
    private final TlsFixtures.Mirror m2 = fixtures.mirror("m2.example.edu");

    @Test
    void twoMirrorsHandshakeAndExchangeBytesBothWays() throws Exception {
        try (var loopback = new TlsFixtures.Loopback()) {
            CompletableFuture<TlsPeer> accepted = loopback.accept(fixtures.tls(m1, () -> list));
            TlsPeer client = fixtures.tls(m2, () -> list).connect(loopback.dial(), SWARM, NAME);
            TlsPeer server = accepted.get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(client.credential().mirror()).isEqualTo("m1.example.edu");
            assertThat(server.credential().mirror()).isEqualTo("m2.example.edu");
            assertThat(server.credential().serial()).isEqualTo(m2.serial());
            assertThat(server.swarm()).isEqualTo(SWARM);
            assertThat(server.name()).isEqualTo(NAME);
            assertThat(server.expires())
                    .isEqualTo(m2.certificate().getNotAfter().toInstant());

            byte[] hello = "hello from m2".getBytes(StandardCharsets.US_ASCII);
            assertThat(client.write(ByteBuffer.wrap(hello))).isEqualTo(hello.length);
            assertThat(readFully(server, hello.length)).isEqualTo(hello);

            byte[] block = new byte[1 << 20];
            new Random(1).nextBytes(block);
            bounded(() -> server.write(ByteBuffer.wrap(block)));
            assertThat(readFully(client, block.length)).isEqualTo(block);

            client.close();
            server.close();
        }
    }

    @Test
    void acceptsAHandshakeWhoseFirstBytesTheListenerReadAlready() throws Exception {
        try (var loopback = new TlsFixtures.Loopback()) {
            MirrorTls server = fixtures.tls(m1, () -> list);
            CompletableFuture<TlsPeer> accepted = new CompletableFuture<>();
            TlsFixtures.runVirtual(() -> {
                try {
                    SocketChannel channel = loopback.server.accept();
                    // As PeerListener: one read to tell TLS from plain BitTorrent, handed on with what it got.
                    ByteBuffer first = ByteBuffer.allocate(5);
                    channel.read(first);
                    accepted.complete(server.accept(channel, first.flip()));
                } catch (Throwable e) {
                    accepted.completeExceptionally(e);
                }
            });
            TlsPeer client = fixtures.tls(m2, () -> list).connect(loopback.dial(), SWARM, NAME);
            TlsPeer peer = accepted.get(WAIT_SECONDS, TimeUnit.SECONDS);

            byte[] hello = "after a peek".getBytes(StandardCharsets.US_ASCII);
            client.write(ByteBuffer.wrap(hello));
            assertThat(readFully(peer, hello.length)).isEqualTo(hello);
            assertThat(peer.swarm()).isEqualTo(SWARM);

            client.close();
            peer.close();
        }
    }

    @Test
    void carriesABitTorrentHandshakeThroughTheChannel() throws Exception {
        try (var loopback = new TlsFixtures.Loopback()) {
            CompletableFuture<TlsPeer> accepted = loopback.accept(fixtures.tls(m1, () -> list));
            TlsPeer client = fixtures.tls(m2, () -> list).connect(loopback.dial(), SWARM, NAME);
            TlsPeer server = accepted.get(WAIT_SECONDS, TimeUnit.SECONDS);

            Handshake ours = Handshake.of(SWARM, PeerId.random(PeerId.AGENT_PREFIX));
            ByteBuffer out = ByteBuffer.allocate(Handshake.LENGTH);
            ours.writeTo(out);
            client.write(out.flip());

            HandshakeDecoder decoder = new HandshakeDecoder();
            boolean done = decoder.decode(ByteBuffer.wrap(readFully(server, Handshake.LENGTH)));

            assertThat(done).isTrue();
            assertThat(decoder.infoHash()).contains(server.swarm());
            Handshake theirs = Handshake.of(SWARM, PeerId.random(PeerId.AGENT_PREFIX));
            ByteBuffer answer = ByteBuffer.allocate(Handshake.LENGTH);
            theirs.writeTo(answer);
            server.write(answer.flip());
            HandshakeDecoder back = new HandshakeDecoder();
            assertThat(back.decode(ByteBuffer.wrap(readFully(client, Handshake.LENGTH))))
                    .isTrue();
            assertThat(back.infoHash()).contains(SWARM);
            client.close();
            server.close();
        }
    }

    @Test
    void carriesLargeTransfersBothWaysAtOnce() throws Exception {
        try (var loopback = new TlsFixtures.Loopback()) {
            CompletableFuture<TlsPeer> accepted = loopback.accept(fixtures.tls(m1, () -> list));
            TlsPeer client = fixtures.tls(m2, () -> list).connect(loopback.dial(), SWARM, NAME);
            TlsPeer server = accepted.get(WAIT_SECONDS, TimeUnit.SECONDS);
            byte[] up = new byte[4 << 20];
            byte[] down = new byte[4 << 20];
            new Random(2).nextBytes(up);
            new Random(3).nextBytes(down);

            // Each side writes while it reads: two threads per connection, as PeerConnection runs it.
            CompletableFuture<Integer> clientWrites =
                    CompletableFuture.supplyAsync(() -> write(client, up), TlsFixtures::runVirtual);
            CompletableFuture<Integer> serverWrites =
                    CompletableFuture.supplyAsync(() -> write(server, down), TlsFixtures::runVirtual);

            assertThat(readFully(server, up.length)).isEqualTo(up);
            assertThat(readFully(client, down.length)).isEqualTo(down);
            assertThat(clientWrites.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(up.length);
            assertThat(serverWrites.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(down.length);
            client.close();
            server.close();
        }
    }

    @Test
    void closeSendsCloseNotifySoThePeerReadsTheEnd() throws Exception {
        try (var loopback = new TlsFixtures.Loopback()) {
            CompletableFuture<TlsPeer> accepted = loopback.accept(fixtures.tls(m1, () -> list));
            TlsPeer client = fixtures.tls(m2, () -> list).connect(loopback.dial(), SWARM, NAME);
            TlsPeer server = accepted.get(WAIT_SECONDS, TimeUnit.SECONDS);
            server.write(ByteBuffer.wrap(new byte[] {42}));

            // The closing side has read all it was sent: a socket closed with unread bytes is reset, not ended.
            server.close();

            assertThat(server.isOpen()).isFalse();
            assertThat(readFully(client, 1)).containsExactly(42);
            assertThat((int) bounded(() -> client.read(ByteBuffer.allocate(16))))
                    .isEqualTo(-1);
            assertThat(client.isOpen())
                    .as("the reader of the end closes, not the channel")
                    .isTrue();
            client.close();
            assertThat(client.isOpen()).isFalse();
        }
    }

    @Test
    void presentsARenewedCertificateFromTheNextHandshakeOn() throws Exception {
        TlsFixtures.Mirror renewed = fixtures.mirror("m1.example.edu");
        MirrorTls server = fixtures.tls(m1, () -> list);
        MirrorTls client = fixtures.tls(m2, () -> list);
        try (var loopback = new TlsFixtures.Loopback()) {
            CompletableFuture<TlsPeer> first = loopback.accept(server);
            TlsPeer before = client.connect(loopback.dial(), SWARM, NAME);
            first.get(WAIT_SECONDS, TimeUnit.SECONDS).close();

            server.present(renewed.keys().getPrivate(), java.util.List.of(renewed.certificate()));
            CompletableFuture<TlsPeer> second = loopback.accept(server);
            TlsPeer after = client.connect(loopback.dial(), SWARM, NAME);
            second.get(WAIT_SECONDS, TimeUnit.SECONDS).close();

            assertThat(before.credential().serial()).isEqualTo(m1.serial());
            assertThat(after.credential().serial()).isEqualTo(renewed.serial());
            before.close();
            after.close();
        }
    }

    private static int write(TlsPeer peer, byte[] bytes) {
        try {
            return peer.write(ByteBuffer.wrap(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
