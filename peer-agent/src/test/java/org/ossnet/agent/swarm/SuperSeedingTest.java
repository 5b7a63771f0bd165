package org.ossnet.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.picker.SeedReveals;
import org.ossnet.agent.swarm.SwarmFixtures.Agent;
import org.ossnet.agent.wire.Handshake;
import org.ossnet.agent.wire.HandshakeDecoder;
import org.ossnet.agent.wire.MessageDecoder;
import org.ossnet.agent.wire.MessageEncoder;
import org.ossnet.agent.wire.PeerMessage;
import org.ossnet.agent.wire.WireLimits;
import org.ossnet.core.testing.Await;
import org.ossnet.core.torrent.PeerId;

@Timeout(60)
class SuperSeedingTest {

    @TempDir
    Path dir;

    /** 256 pieces of 64 KiB: a window of 4 MiB is 64 pieces. */
    private final SwarmFixtures fixture = SwarmFixtures.random(11, 16 * 1024 * 1024);

    private static final int WINDOW = (int) (SuperSeeding.WINDOW_BYTES / SwarmFixtures.PIECE_LENGTH);

    @Test
    void aPeerWaitsOnTheSwarmAtLeastTwoSecondsAndLongerWhereCopiesAreSlow() {
        long second = 1_000_000_000L;
        assertThat(SuperSeeding.patienceNanos(-1)).as("nothing measured yet").isEqualTo(2 * second);
        assertThat(SuperSeeding.patienceNanos(second / 10)).isEqualTo(2 * second);
        assertThat(SuperSeeding.patienceNanos(3 * second / 2))
                .as("four times the typical delivery on a loaded host")
                .isEqualTo(6 * second);
    }

    @Test
    void aSeedShowsTwoNewPeersNoBitfieldAndDifferentPieces() throws Exception {
        try (Agent seed = fixture.seed(dir, SwarmFixtures.uploading().withSuperSeeding());
                RawPeer a = new RawPeer(seed.address());
                RawPeer b = new RawPeer(seed.address())) {
            List<PeerMessage> toA = a.readUntilHaves(WINDOW);
            List<PeerMessage> toB = b.readUntilHaves(WINDOW);

            assertThat(toA).noneMatch(m -> m instanceof PeerMessage.Bitfield || m instanceof PeerMessage.HaveAll);
            assertThat(toA).anyMatch(m -> m instanceof PeerMessage.HaveNone);
            assertThat(RawPeer.haves(toA)).hasSize(WINDOW).doesNotContainAnyElementsOf(RawPeer.haves(toB));
        }
    }

    @Test
    void aPeerReportingAShownPieceIsShownOneNotShownBefore() throws Exception {
        try (Agent seed = fixture.seed(dir, SwarmFixtures.uploading().withSuperSeeding());
                RawPeer a = new RawPeer(seed.address())) {
            Set<Integer> shown = RawPeer.haves(a.readUntilHaves(WINDOW));

            a.send(new PeerMessage.Have(shown.iterator().next()));
            Set<Integer> next = RawPeer.haves(a.readUntilHaves(1));

            assertThat(next).hasSize(1).doesNotContainAnyElementsOf(shown);
        }
    }

    @Test
    void leechersOfASuperSeedingSeedAllFinishWithTheFile() throws Exception {
        try (Agent seed =
                fixture.seed(dir, SwarmFixtures.uploading().withSuperSeeding().withUploadRate(8L * 1024 * 1024))) {
            List<Agent> leechers = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Agent leecher = fixture.leecher(
                            dir.resolve("l" + i + ".bin"),
                            SwarmFixtures.uploading().withSuperSeeding());
                    leecher.session().addPeer(seed.address());
                    for (Agent other : leechers) {
                        leecher.session().addPeer(other.address());
                    }
                    leechers.add(leecher);
                }
                for (Agent leecher : leechers) {
                    Path file = leecher.session().completion().get(45, TimeUnit.SECONDS);
                    assertThat(SwarmFixtures.sha256(file)).isEqualTo(fixture.sha256());
                }
            } finally {
                for (Agent leecher : leechers) {
                    leecher.close();
                }
            }
        }
    }

    @Test
    void aLeecherComingJustAfterAFinishedOneLeftGetsTheFileWithoutWaitingForAThird() throws Exception {
        try (Agent seed = fixture.seed(dir, SwarmFixtures.uploading().withSuperSeeding())) {
            try (Agent first = fixture.leecher(dir.resolve("first.bin"), SwarmFixtures.uploading())) {
                first.session().addPeer(seed.address());
                first.session().completion().get(30, TimeUnit.SECONDS);
            }
            // The seed holds what the first one had back for a while, in case it returns: the next must still be fed.
            Await.until(() -> seed.session().progress().connectedPeers() == 0, Duration.ofSeconds(10));
            try (Agent next = fixture.leecher(dir.resolve("next.bin"), SwarmFixtures.uploading())) {
                next.session().addPeer(seed.address());
                Path file = next.session().completion().get(30, TimeUnit.SECONDS);
                assertThat(SwarmFixtures.sha256(file)).isEqualTo(fixture.sha256());
            }
        }
    }

    @Test
    void aLeecherThatNeverUploadedLeavesNothingHeldBackFromTheNext() throws Exception {
        try (Agent seed = fixture.seed(dir, SwarmFixtures.uploading().withSuperSeeding())) {
            try (Agent first = fixture.leecher(dir.resolve("first.bin"), SwarmFixtures.config())) {
                first.session().addPeer(seed.address());
                first.session().completion().get(30, TimeUnit.SECONDS);
            }
            Await.until(() -> seed.session().progress().connectedPeers() == 0, Duration.ofSeconds(10));

            try (RawPeer next = new RawPeer(seed.address())) {
                long connected = System.nanoTime();
                next.readUntilHaves(1);
                // Held back, the first piece would be shown only when the hold ends, five seconds after the first left.
                assertThat(Duration.ofNanos(System.nanoTime() - connected))
                        .as("shown a piece before a departed uploader's hold would end")
                        .isLessThan(Duration.ofNanos(SeedReveals.DEPARTED_HOLDS_NANOS));
            }
        }
    }

    /** A bare peer on a raw socket that handshakes (fast extension on) and records what the seed sends. */
    private final class RawPeer implements AutoCloseable {

        private final SocketChannel channel;
        private final MessageDecoder decoder =
                new MessageDecoder(WireLimits.forPieceCount(fixture.info().pieceCount()));
        private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);

        RawPeer(InetSocketAddress seed) throws IOException {
            channel = SocketChannel.open(seed);
            Handshakes.write(channel, Handshake.of(fixture.infoHash(), PeerId.random("-RW0001-")));
            in.flip();
            Handshakes.readUntil(channel, new HandshakeDecoder(), in, Handshake.LENGTH);
        }

        /** Every message up to and including the {@code count}-th {@code have}. */
        List<PeerMessage> readUntilHaves(int count) throws IOException {
            List<PeerMessage> messages = new ArrayList<>();
            int haves = 0;
            while (true) {
                for (PeerMessage m : decoder.decode(in)) {
                    messages.add(m);
                    if (m instanceof PeerMessage.Have && ++haves == count) {
                        return messages;
                    }
                }
                in.clear();
                if (channel.read(in) < 0) {
                    throw new IOException("the seed hung up");
                }
                in.flip();
            }
        }

        void send(PeerMessage message) throws IOException {
            ByteBuffer out = MessageEncoder.encode(message);
            while (out.hasRemaining()) {
                channel.write(out);
            }
        }

        static Set<Integer> haves(List<PeerMessage> messages) {
            Set<Integer> pieces = new HashSet<>();
            messages.stream()
                    .filter(m -> m instanceof PeerMessage.Have)
                    .forEach(m -> pieces.add(((PeerMessage.Have) m).pieceIndex()));
            return pieces;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
