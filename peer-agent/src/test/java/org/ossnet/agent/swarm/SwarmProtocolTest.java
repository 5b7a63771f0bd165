package org.ossnet.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.metadata.MetadataFetcher;
import org.ossnet.agent.swarm.SwarmFixtures.Agent;
import org.ossnet.agent.wire.AllowedFastSet;
import org.ossnet.agent.wire.ExtendedHandshake;
import org.ossnet.agent.wire.MetadataMessage;
import org.ossnet.agent.wire.PeerMessage;
import org.ossnet.core.bencode.BDictionary;
import org.ossnet.core.bencode.Bencode;
import org.ossnet.core.torrent.Metainfo;

/** The extension protocol (BEP 10), metadata exchange (BEP 9) and fast extension (BEP 6) as a raw peer sees them. */
@Timeout(60)
class SwarmProtocolTest {

    @TempDir
    Path dir;

    @Test
    void aSeedSendsAnExtendedHandshakeNamingUtMetadataItsPortQueueAndTheAddressItSees() throws Exception {
        var fixture = SwarmFixtures.random(11, 1024 * 1024);
        try (Agent seed = fixture.seed(dir, SwarmFixtures.uploading());
                RawPeer peer = RawPeer.dial(
                        seed.address(), fixture.infoHash(), fixture.info().pieceCount())) {
            assertThat(peer.theirs.supportsExtensions()).isTrue();
            assertThat(peer.theirs.supportsFast()).isTrue();

            ExtendedHandshake theirs = peer.next(ExtendedHandshake.class);

            assertThat(theirs.idOf(MetadataMessage.EXTENSION)).isEqualTo(OptionalInt.of(Extensions.UT_METADATA_ID));
            assertThat(theirs.client()).hasValueSatisfying(v -> assertThat(v).matches("OSSNET \\d+\\.\\d+"));
            assertThat(theirs.listenPort())
                    .isEqualTo(OptionalInt.of(seed.address().getPort()));
            assertThat(theirs.requestQueue()).isEqualTo(OptionalInt.of(250));
            assertThat(theirs.yourIp()).isEqualTo(Optional.of(InetAddress.getLoopbackAddress()));
            assertThat(theirs.metadataSize())
                    .isEqualTo(OptionalLong.of(Bencode.encode(fixture.info().toBencode()).length));
            peer.next(PeerMessage.HaveAll.class);
        }
    }

    @Test
    void aConnectionSilentForTheKeepAliveIntervalGetsOneKeepAliveAnInterval() throws Exception {
        var fixture = SwarmFixtures.random(12, 256 * 1024);
        SwarmConfig config = SwarmFixtures.uploading()
                .withTimings(Duration.ofMillis(50), Duration.ofSeconds(10), Duration.ofSeconds(30))
                .withKeepAliveInterval(Duration.ofMillis(400));
        try (Agent seed = fixture.seed(dir, config);
                RawPeer peer = RawPeer.dial(
                        seed.address(), fixture.infoHash(), fixture.info().pieceCount())) {
            peer.next(PeerMessage.HaveAll.class);
            long start = System.nanoTime();

            peer.next(PeerMessage.KeepAlive.class, m -> true, Duration.ofSeconds(5));
            peer.next(PeerMessage.KeepAlive.class, m -> true, Duration.ofSeconds(5));

            // One keep-alive per silent interval, not a stream of them: two took two intervals at least.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        }
    }

    @Test
    void aLeecherWithNothingYetSaysHaveNoneToAFastPeer() throws Exception {
        var fixture = SwarmFixtures.random(16, 512 * 1024);
        try (Agent leecher = fixture.leecher(dir.resolve("empty.bin"), SwarmFixtures.config());
                RawPeer peer = RawPeer.dial(
                        leecher.address(), fixture.infoHash(), fixture.info().pieceCount())) {
            peer.next(PeerMessage.HaveNone.class);
            assertThat(peer.hasReceived(PeerMessage.Bitfield.class)).isFalse();
        }
    }

    @Test
    void aFetcherCollectsTheInfoDictionaryFromASeedInPiecesAndItHashesToTheInfoHash() throws Exception {
        // 16 KiB pieces make an info dictionary of over 20 KiB: two metadata pieces, the last one short.
        var fixture = SwarmFixtures.random(12, 16 * 1024 * 1024, 16 * 1024);
        int ourId = 3;
        try (Agent seed = fixture.seed(dir, SwarmFixtures.config());
                RawPeer peer = RawPeer.dial(
                        seed.address(), fixture.infoHash(), fixture.info().pieceCount())) {
            peer.send(ExtendedHandshake.of(Map.of(MetadataMessage.EXTENSION, ourId)));
            ExtendedHandshake theirs = peer.next(ExtendedHandshake.class);
            int theirId = theirs.idOf(MetadataMessage.EXTENSION).orElseThrow();
            var fetcher = new MetadataFetcher<RawPeer>(fixture.infoHash(), MetadataFetcher.DEFAULT_MAX_SIZE);
            assertThat(fetcher.sizeStated(theirs.metadataSize().orElseThrow())).isTrue();

            MetadataFetcher.Outcome<RawPeer> outcome = new MetadataFetcher.Outcome.Pending<>();
            int pieces = 0;
            for (OptionalInt next = fetcher.nextRequest(peer); next.isPresent(); next = fetcher.nextRequest(peer)) {
                peer.send(new MetadataMessage.Request(next.getAsInt()).toExtended(theirId));
                var reply = peer.next(PeerMessage.Extended.class);
                assertThat(reply.extendedId()).isEqualTo(ourId);
                outcome = fetcher.received(peer, (MetadataMessage.Data) MetadataMessage.parse(reply.payload()));
                pieces++;
            }

            assertThat(pieces).isEqualTo(2);
            byte[] info = ((MetadataFetcher.Outcome.Complete<RawPeer>) outcome).info();
            byte[] torrent = Bencode.encode(
                    BDictionary.builder().put("info", Bencode.decode(info)).build());
            assertThat(Metainfo.parse(torrent).info()).isEqualTo(fixture.info());

            peer.send(new MetadataMessage.Request(2).toExtended(theirId));
            assertThat(MetadataMessage.parse(
                            peer.next(PeerMessage.Extended.class).payload()))
                    .isEqualTo(new MetadataMessage.Reject(2));
        }
    }

    @Test
    void aChokedPeerIsServedItsAllowedFastPiecesAndRejectedForOthers() throws Exception {
        var fixture = SwarmFixtures.random(13, 2 * 1024 * 1024);
        try (Agent seed = fixture.seed(dir, SwarmFixtures.uploading());
                RawPeer peer = RawPeer.dial(
                        seed.address(), fixture.infoHash(), fixture.info().pieceCount())) {
            int pieceCount = fixture.info().pieceCount();
            List<Integer> expected = AllowedFastSet.compute(
                    (Inet4Address) InetAddress.getByName("127.0.0.1"), fixture.infoHash(), pieceCount, 10);
            Set<Integer> offered = new HashSet<>();
            while (offered.size() < expected.size()) {
                offered.add(peer.next(PeerMessage.AllowedFast.class).pieceIndex());
            }
            assertThat(offered).containsExactlyInAnyOrderElementsOf(expected);
            int allowed = expected.getFirst();
            int other = java.util.stream.IntStream.range(0, pieceCount)
                    .filter(p -> !offered.contains(p))
                    .findFirst()
                    .orElseThrow();

            // Never interested, so never unchoked: every answer below comes while the seed chokes us.
            peer.send(new PeerMessage.Request(allowed, 16 * 1024, 16 * 1024));
            peer.send(new PeerMessage.Request(other, 0, 16 * 1024));

            var piece = peer.next(PeerMessage.Piece.class);
            assertThat(piece.pieceIndex()).isEqualTo(allowed);
            int from = allowed * SwarmFixtures.PIECE_LENGTH + 16 * 1024;
            assertThat(piece.block()).isEqualTo(ByteBuffer.wrap(fixture.data(), from, 16 * 1024));
            assertThat(peer.next(PeerMessage.RejectRequest.class))
                    .isEqualTo(new PeerMessage.RejectRequest(other, 0, 16 * 1024));
            assertThat(peer.hasReceived(PeerMessage.Unchoke.class)).isFalse();
        }
    }

    @Test
    void aRejectedRequestGoesBackToThePoolAndIsAskedAgain() throws Exception {
        var fixture = SwarmFixtures.random(14, 1024 * 1024);
        Path file = dir.resolve("rejected.bin");
        try (var seed = ScriptedSeed.rejectingEachBlockOnce(fixture);
                Agent leecher = fixture.leecher(file, SwarmFixtures.config())) {
            leecher.session().addPeer(seed.address());

            // The scripted seed is the only source and serves a block only when asked for it a second time.
            assertThat(SwarmFixtures.sha256(leecher.session().completion().get(30, TimeUnit.SECONDS)))
                    .isEqualTo(fixture.sha256());
        }
    }

    @Test
    void aLeecherKeepsNoMoreRequestsOutstandingThanTheSeedsReqqAllows() throws Exception {
        var fixture = SwarmFixtures.random(15, 1024 * 1024);
        Path file = dir.resolve("reqq.bin");
        try (var seed = ScriptedSeed.honestWithQueueOf(fixture, 2);
                Agent leecher = fixture.leecher(file, SwarmFixtures.config())) {
            leecher.session().addPeer(seed.address());

            assertThat(SwarmFixtures.sha256(leecher.session().completion().get(30, TimeUnit.SECONDS)))
                    .isEqualTo(fixture.sha256());
            assertThat(seed.mostUnanswered()).isBetween(1, 2);
        }
    }
}
