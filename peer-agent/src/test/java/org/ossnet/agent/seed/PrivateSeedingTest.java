package org.ossnet.agent.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.announce.AnnounceClient;
import org.ossnet.agent.announce.BatchAnnounceClient;
import org.ossnet.agent.announce.BatchAnnouncer;
import org.ossnet.agent.credential.CredentialFiles;
import org.ossnet.agent.credential.RequestSigner;
import org.ossnet.agent.ratelimit.AddressPolicy;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.agent.tls.TlsFixtures;
import org.ossnet.agent.wire.Handshake;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.testing.Await;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.core.torrent.PeerId;
import org.ossnet.core.torrent.TorrentBuilder;

/**
 * The origin's side of an embargoed release on real sockets: a file seeded privately (TLS only, announced signed to
 * the private announce) until its release instant, then the same session public, in the batch announces, answering a
 * plain BitTorrent handshake.
 */
@Timeout(60)
class PrivateSeedingTest {

    private static final OssnetName NAME = OssnetName.parse("ossnet://fedora.example.org/fedora/45/release.iso");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final TlsFixtures credentials = new TlsFixtures();
    private final TlsFixtures.Mirror origin = credentials.mirror("origin.example.org");
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private AnnounceRecorder tracker;
    private Seeder seeder;
    private PeerListener listener;
    private Path file;
    private Metainfo metainfo;

    @BeforeEach
    void openAnOriginWithACredential() throws Exception {
        tracker = AnnounceRecorder.start();
        file = dir.resolve("release.iso");
        byte[] data = new byte[256 * 1024 + 17];
        new Random(5).nextBytes(data);
        Files.write(file, data);
        metainfo = TorrentBuilder.forFile(file).build();
        listener = PeerListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SwarmConfig config =
                SwarmConfig.defaults(PeerId.random("-OS0001-")).withUpload(AddressPolicy.parse(List.of("127.0.0.0/8")));
        var announcer = publicAnnouncer(listener, config, tracker.publicAnnounce());
        seeder =
                privateSeeder(credentials, origin, listener, config, announcer, tracker, Clock.systemUTC(), notes::add);
        announcer.start();
    }

    /** The public announcer of a seeder on {@code listener}. */
    static BatchAnnouncer publicAnnouncer(PeerListener listener, SwarmConfig config, URI publicAnnounce)
            throws IOException {
        return new BatchAnnouncer(
                new BatchAnnounceClient(),
                new AnnounceClient(),
                publicAnnounce,
                config.peerId(),
                listener.address().getPort(),
                true);
    }

    /**
     * A seeder of {@code origin}'s credential on {@code listener}: TLS for private swarms, announces of private swarms
     * signed to {@code privateTracker}'s private announce.
     */
    static Seeder privateSeeder(
            TlsFixtures credentials,
            TlsFixtures.Mirror origin,
            PeerListener listener,
            SwarmConfig config,
            BatchAnnouncer announcer,
            AnnounceRecorder privateTracker,
            Clock clock,
            Consumer<String> notes) {
        var tls = credentials.tls(origin, () -> credentials.list(1), listener.privateSwarms());
        listener.acceptTls(tls);
        var signer = new RequestSigner(
                () -> new CredentialFiles.Stored(
                        "fedora.example.org",
                        privateTracker.base(),
                        origin.keys(),
                        origin.certificate(),
                        origin.certificate()),
                Clock.systemUTC());
        return new Seeder(
                listener,
                config,
                announcer,
                new PrivateSeeding(
                        tls, new AnnounceClient().signedBy(signer), privateTracker.privateAnnounce(), clock, notes));
    }

    @AfterEach
    void close() {
        seeder.close();
        tracker.close();
    }

    @Test
    void anEmbargoedFileIsPrivateUntilItsReleaseInstantThenPublic() throws Exception {
        Instant release = Instant.now().plusMillis(2500);
        seeder.add(file, metainfo, true, new Seeder.Release(NAME, release));

        Await.until(
                () -> !tracker.to("/private/announce", metainfo.infoHash()).isEmpty(),
                WAIT,
                () -> "no private announce");
        assertThat(tracker.to("/private/announce", metainfo.infoHash())).allMatch(AnnounceRecorder.Announce::signed);
        assertThat(seeder.seedsPrivately(metainfo.infoHash())).isTrue();
        assertThat(plainHandshakeAnswered())
                .as("a plain handshake before the release")
                .isFalse();
        assertThat(tracker.to("/announce", metainfo.infoHash()))
                .as("nothing announced publicly before the release")
                .isEmpty();

        Await.until(() -> !seeder.seedsPrivately(metainfo.infoHash()), WAIT, () -> "not released");
        assertThat(Instant.now()).as("not released early").isAfterOrEqualTo(release);
        Await.until(
                () -> !tracker.to("/announce", metainfo.infoHash()).isEmpty(),
                WAIT,
                () -> "not announced publicly after the release");

        assertThat(plainHandshakeAnswered())
                .as("a plain handshake after the release")
                .isTrue();
        assertThat(tracker.to("/announce", metainfo.infoHash()).getFirst().signed())
                .isFalse();
        assertThat(tracker.to("/private/announce", metainfo.infoHash()))
                .as("no stopped: the tracker forgets the private swarm at its release")
                .noneMatch(a -> a.event().equals("stopped"));
        assertThat(seeder.status().swarms()).isEqualTo(1);
        assertThat(notes).contains("released " + NAME.format() + ": seeding it publicly");
    }

    @Test
    void aReleaseAlreadyPassedIsSeededPublicly() throws Exception {
        seeder.add(file, metainfo, false, new Seeder.Release(NAME, Instant.now().minusSeconds(1)));

        assertThat(seeder.seedsPrivately(metainfo.infoHash())).isFalse();
        Await.until(() -> !tracker.to("/announce", metainfo.infoHash()).isEmpty(), WAIT);
        assertThat(plainHandshakeAnswered()).isTrue();
        assertThat(tracker.to("/private/announce", metainfo.infoHash())).isEmpty();
    }

    @Test
    void aPublicSnapshotListingAPrivateSwarmReleasesItAtOnce() throws Exception {
        seeder.add(file, metainfo, false, new Seeder.Release(NAME, Instant.now().plus(Duration.ofHours(1))));
        assertThat(plainHandshakeAnswered()).isFalse();

        seeder.releaseNow(Set.of(metainfo.infoHash()));

        assertThat(seeder.seedsPrivately(metainfo.infoHash())).isFalse();
        assertThat(plainHandshakeAnswered()).isTrue();
        Await.until(() -> !tracker.to("/announce", metainfo.infoHash()).isEmpty(), WAIT);
    }

    @Test
    void aPrivateSwarmDroppedWhileItsFirstAnnounceIsUnderWayIsStoppedOnceItIsAnswered() throws Exception {
        tracker.holdAnswers();
        seeder.add(file, metainfo, false, new Seeder.Release(NAME, Instant.now().plus(Duration.ofHours(1))));
        Await.until(() -> !tracker.to("/private/announce", metainfo.infoHash()).isEmpty(), WAIT);

        seeder.retain(Set.of());
        tracker.answer();

        Await.until(
                () -> tracker.to("/private/announce", metainfo.infoHash()).stream()
                        .anyMatch(a -> a.event().equals("stopped")),
                WAIT,
                () -> "no stopped at the private announce");
        assertThat(tracker.to("/announce", metainfo.infoHash())).isEmpty();
    }

    @Test
    void aPrivateSwarmDroppedBeforeItsReleaseIsStoppedAtThePrivateAnnounce() throws Exception {
        seeder.add(file, metainfo, false, new Seeder.Release(NAME, Instant.now().plus(Duration.ofHours(1))));
        Await.until(() -> !tracker.to("/private/announce", metainfo.infoHash()).isEmpty(), WAIT);

        seeder.retain(Set.of());

        Await.until(
                () -> tracker.to("/private/announce", metainfo.infoHash()).stream()
                        .anyMatch(a -> a.event().equals("stopped")),
                WAIT,
                () -> "no stopped at the private announce");
        assertThat(seeder.seeds(metainfo.infoHash())).isFalse();
        assertThat(tracker.to("/announce", metainfo.infoHash())).isEmpty();
    }

    @Test
    void aSeederWithoutACredentialRefusesAFileStillEmbargoed() throws Exception {
        try (var plain = new Seeder(
                PeerListener.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                SwarmConfig.defaults(PeerId.random("-OS0001-")),
                new BatchAnnouncer(
                        new BatchAnnounceClient(),
                        new AnnounceClient(),
                        tracker.publicAnnounce(),
                        PeerId.random("-OS0001-"),
                        1,
                        true))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> plain.add(
                            file,
                            metainfo,
                            false,
                            new Seeder.Release(NAME, Instant.now().plusSeconds(60))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no credential");
            assertThat(plain.seeds(metainfo.infoHash())).isFalse();
        }
    }

    /**
     * Whether the seeder answers a plain (non-TLS) BitTorrent handshake for the file's swarm with one of its own; a
     * private swarm closes the connection without a byte.
     */
    private boolean plainHandshakeAnswered() throws IOException {
        try (Socket socket =
                new Socket(InetAddress.getLoopbackAddress(), listener.address().getPort())) {
            socket.setSoTimeout(10_000);
            ByteBuffer handshake = ByteBuffer.allocate(Handshake.LENGTH);
            Handshake.of(metainfo.infoHash(), PeerId.random("-RP0001-")).writeTo(handshake);
            socket.getOutputStream().write(handshake.array());
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(Handshake.LENGTH);
            return reply.length == Handshake.LENGTH;
        }
    }
}
