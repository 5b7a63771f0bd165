package org.ossnet.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.agent.tls.TlsFixtures.NAME;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.swarm.SwarmFixtures.Agent;
import org.ossnet.agent.tls.MirrorTls;
import org.ossnet.agent.tls.PrivateSwarms;
import org.ossnet.agent.tls.TlsFixtures;
import org.ossnet.agent.tls.TlsPeer;
import org.ossnet.agent.tls.TlsRefusedException;
import org.ossnet.agent.wire.Handshake;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.testing.Await;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/**
 * Private swarms on real sockets with real mirror credentials: TLS between mirrors, nothing for anybody else, the turn
 * to public at the release, and peers whose credential lapses while connected.
 */
@Timeout(90)
class PrivateSwarmTest {

    /** Slow enough that a 1 MiB download is still running when a test acts on its connection. */
    private static final long SLOW = 64 * 1024;

    @TempDir
    Path dir;

    private final TlsFixtures credentials = new TlsFixtures();
    private final AtomicReference<RevocationList> revocations = new AtomicReference<>(credentials.list(1));
    private final TlsFixtures.Mirror origin = credentials.mirror("origin.example.edu");
    private final TlsFixtures.Mirror mirror = credentials.mirror("m1.example.edu");
    private final SwarmFixtures fixture = SwarmFixtures.random(21, 1024 * 1024);

    @Test
    void twoPrivateSessionsExchangeAWholeFileOverTls() throws Exception {
        try (Agent seed = fixture.privateSeed(dir, SwarmFixtures.uploading(), NAME, tlsOf(origin));
                Agent leecher = privateLeecher("m1.bin", SwarmFixtures.uploading(), tlsOf(mirror))) {
            leecher.session().addPeer(seed.address());

            Path file = leecher.session().completion().get(30, TimeUnit.SECONDS);

            assertThat(SwarmFixtures.sha256(file)).isEqualTo(fixture.sha256());
            assertThat(leecher.session().bytesReceivedFrom(seed.peerId())).isEqualTo(fixture.data().length);
            assertThat(seed.session().isPrivate()).isTrue();
            assertThat(leecher.session().isPrivate()).isTrue();
        }
    }

    @Test
    void aPlainHandshakeForAPrivateSwarmIsClosedWithoutAByteBack() throws Exception {
        try (Agent seed = fixture.privateSeed(dir, SwarmFixtures.uploading(), NAME, tlsOf(origin));
                Socket plain =
                        new Socket(seed.address().getAddress(), seed.address().getPort())) {
            ByteBuffer handshake = ByteBuffer.allocate(Handshake.LENGTH);
            Handshake.of(fixture.infoHash(), PeerId.random("-RP0001-")).writeTo(handshake);
            plain.getOutputStream().write(handshake.array());
            plain.setSoTimeout(10_000);

            assertThat(plain.getInputStream().read())
                    .as("closed without a handshake back")
                    .isEqualTo(-1);
            assertThat(seed.session().progress().connectedPeers()).isZero();
        }
    }

    @Test
    void aTlsClientWithASelfSignedCertificateGetsNoByteOfTheFile() throws Exception {
        try (Agent seed = fixture.privateSeed(dir, SwarmFixtures.uploading(), NAME, tlsOf(origin))) {
            MirrorTls forger = credentials.tls(
                    credentials.selfSigned("m1.example.edu"), revocations::get, swarm -> Optional.empty());

            long received = bytesAfterHandshake(forger, seed, fixture.infoHash());

            assertThat(received)
                    .as("bytes the seed sent after the TLS handshake")
                    .isZero();
            assertThat(seed.session().progress().uploadedBytes()).isZero();
            assertThat(seed.session().progress().connectedPeers()).isZero();
        }
    }

    @Test
    void aTlsClientWhoseHandshakeNamesAnotherSwarmThanItsSniIsClosed() throws Exception {
        var other = SwarmFixtures.random(22, 64 * 1024);
        try (Agent seed = fixture.privateSeed(dir, SwarmFixtures.uploading(), NAME, tlsOf(origin));
                TorrentSession plainSwarm = TorrentSession.seed(
                        write(other, "other.bin"), other.infoHash(), other.info(), SwarmFixtures.uploading())) {
            seed.listener().register(plainSwarm);
            MirrorTls client = credentials.tls(mirror, revocations::get, swarm -> Optional.empty());

            // SNI names the private swarm, which the credential covers; the handshake inside asks for the public one.
            long received = bytesAfterHandshake(client, seed, fixture.infoHash(), other.infoHash());

            assertThat(received).isZero();
            assertThat(plainSwarm.progress().connectedPeers()).isZero();
        }
    }

    @Test
    void afterMakePublicAPlainLeecherDownloadsFromAMirrorThatDoesNotDownloadAgain() throws Exception {
        try (Agent seed = fixture.privateSeed(dir, SwarmFixtures.uploading(), NAME, tlsOf(origin));
                Agent early = privateLeecher("m1.bin", SwarmFixtures.uploading(), tlsOf(mirror))) {
            early.session().addPeer(seed.address());
            early.session().completion().get(30, TimeUnit.SECONDS);
            long downloaded = early.session().progress().downloadedBytes();

            assertThat(early.listener().privateSwarms().nameOf(fixture.infoHash()))
                    .contains(NAME);
            seed.session().makePublic();
            early.session().makePublic();
            assertThat(early.listener().privateSwarms().nameOf(fixture.infoHash()))
                    .as("new TLS handshakes are refused once public")
                    .isEmpty();
            try (Agent plain = fixture.leecher(dir.resolve("plain.bin"), SwarmFixtures.config())) {
                plain.session().addPeer(early.address());

                Path file = plain.session().completion().get(30, TimeUnit.SECONDS);

                assertThat(SwarmFixtures.sha256(file)).isEqualTo(fixture.sha256());
                assertThat(plain.session().bytesReceivedFrom(early.peerId())).isEqualTo(fixture.data().length);
            }
            assertThat(early.session().isPrivate()).isFalse();
            assertThat(early.session().progress().downloadedBytes())
                    .as("the mirror downloaded nothing again")
                    .isEqualTo(downloaded);
        }
    }

    @Test
    void aPeerRevokedByAFreshListIsDisconnectedByTheRecheck() throws Exception {
        try (Agent seed =
                        fixture.privateSeed(dir, SwarmFixtures.uploading().withUploadRate(SLOW), NAME, tlsOf(origin));
                Agent leecher = privateLeecher("m1.bin", SwarmFixtures.uploading(), tlsOf(mirror))) {
            leecher.session().addPeer(seed.address());
            Await.until(() -> seed.session().progress().connectedPeers() == 1, Duration.ofSeconds(10));
            RevocationList fresh = credentials.list(2, TlsFixtures.revoke("m1.example.edu", mirror));
            revocations.set(fresh);

            long start = System.nanoTime();
            int closed = seed.session().recheckTlsPeers(fresh);
            Await.until(
                    () -> leecher.session().progress().connectedPeers() == 0,
                    Duration.ofSeconds(2),
                    () -> "the revoked mirror is still connected 2 s after the re-check");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(closed).isEqualTo(1);
            assertThat(seed.session().progress().connectedPeers()).isZero();
            assertThat(took).isLessThan(Duration.ofSeconds(2));
            assertThat(leecher.session().completion()).isNotDone();
        }
    }

    @Test
    void aPeerWhoseCertificateExpiresWhileConnectedIsClosedAtExpiry() throws Exception {
        Instant expiry = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(6);
        TlsFixtures.Mirror lapsing = credentials.mirror("m2.example.edu", credentials.now.minusSeconds(60), expiry);
        Clock system = Clock.systemUTC();
        try (Agent seed = fixture.privateSeed(
                        dir, SwarmFixtures.uploading().withUploadRate(SLOW), NAME, tlsOf(origin, system));
                Agent leecher = privateLeecher("m2.bin", SwarmFixtures.uploading(), tlsOf(lapsing, system))) {
            leecher.session().addPeer(seed.address());
            Await.until(() -> seed.session().progress().connectedPeers() == 1, Duration.ofSeconds(10));
            assertThat(Instant.now())
                    .as("connected before the certificate expired")
                    .isBefore(expiry);

            Await.until(
                    () -> seed.session().progress().connectedPeers() == 0,
                    Duration.between(Instant.now(), expiry).plusSeconds(2),
                    () -> "the peer is still connected 2 s after its certificate expired");

            assertThat(Instant.now()).as("not closed before its expiry").isAfterOrEqualTo(expiry);
            assertThat(leecher.session().completion()).isNotDone();
        }
    }

    private Agent privateLeecher(String file, SwarmConfig config, Function<PrivateSwarms, MirrorTls> tls)
            throws IOException {
        return fixture.privateLeecher(dir.resolve(file), config, NAME, tls);
    }

    private Function<PrivateSwarms, MirrorTls> tlsOf(TlsFixtures.Mirror m) {
        return swarms -> credentials.tls(m, revocations::get, swarms);
    }

    private Function<PrivateSwarms, MirrorTls> tlsOf(TlsFixtures.Mirror m, Clock clock) {
        return swarms -> credentials.tls(m, revocations::get, swarms, clock);
    }

    private Path write(SwarmFixtures other, String name) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, other.data());
        return file;
    }

    private static long bytesAfterHandshake(MirrorTls client, Agent seed, InfoHash swarm) throws IOException {
        return bytesAfterHandshake(client, seed, swarm, swarm);
    }

    /**
     * Dials {@code seed} over TLS with SNI {@code sni}, sends a BitTorrent handshake naming {@code named}, and counts
     * the bytes that come back until the seed closes; zero when the TLS handshake itself is refused.
     */
    private static long bytesAfterHandshake(MirrorTls client, Agent seed, InfoHash sni, InfoHash named)
            throws IOException {
        TlsPeer peer;
        try {
            peer = client.connect(SocketChannel.open(seed.address()), sni, NAME);
        } catch (TlsRefusedException e) {
            return 0;
        }
        long received = 0;
        try (peer) {
            Handshakes.write(peer, Handshake.of(named, PeerId.random("-RP0001-")));
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            for (int n = peer.read(in.clear()); n >= 0; n = peer.read(in.clear())) {
                received += n;
            }
        } catch (IOException e) {
            // The seed's alert, or its close: either ends what it sends.
        }
        return received;
    }
}
