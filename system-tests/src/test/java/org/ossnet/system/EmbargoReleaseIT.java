package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.credential.CredentialFiles;
import org.ossnet.agent.home.AgentHome;
import org.ossnet.core.credential.SignedRequest;
import org.ossnet.core.testing.Await;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.TorrentBuilder;
import org.ossnet.testsupport.FreePorts;
import org.ossnet.testsupport.local.LocalNetwork;
import org.ossnet.testsupport.local.ServiceKind;
import tools.jackson.databind.json.JsonMapper;

/**
 * An embargoed release end to end, with the real services and the real {@code ossnet} jar: the publisher enrols its
 * origin and three mirrors, publishes a collection embargoed for a minute, and the three {@code ossnet mirror run}
 * daemons stage it completely over private TLS swarms before the release, while an uncredentialed agent, aria2c and a
 * plain BitTorrent handshake probing every public surface learn nothing. At the release instant the mirrors switch and
 * seed it publicly, and {@code ossnet get} fetches it (the test prints how much the origin sent). A fourth mirror,
 * revoked while in the private swarm, is refused by the tracker and dropped by its peers within 10 s (printed).
 */
@ExtendWith(SharedNetwork.class)
class EmbargoReleaseIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final int MIRRORS = 3;
    static final int IMAGE_BYTES = 24 * 1024 * 1024;
    static final Pattern PEERS_ON = Pattern.compile("peers on 127\\.0\\.0\\.1:(\\d+)");

    /**
     * From the publish to the release: enough for three mirrors to find and stage it on two busy cores, after the
     * probes and the revocation. In CI that took 14–29 s of what was then a minute.
     */
    static final Duration EMBARGO = Duration.ofSeconds(45);

    @TempDir
    Path work;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void anEmbargoedReleaseReachesCredentialedMirrorsFirstAndNobodyElseUntilItsInstant(LocalNetwork network)
            throws Exception {
        URI tracker = network.url(ServiceKind.TRACKER);
        String name = "embargoed-" + UUID.randomUUID().toString().substring(0, 8);
        String collection = network.demo().toString().replaceFirst("/demo$", "/embargo/" + name);
        MirrorEnrollIT.awaitMirrorCredentials(tracker);
        Path tree = work.resolve("origin/tree");
        SeedIT.write(tree.resolve("images/release.img"), IMAGE_BYTES, 14);
        Files.writeString(tree.resolve("README.txt"), "release notes of " + name + "\n");
        InfoHash image = TorrentBuilder.forFile(tree.resolve("images/release.img"))
                .build()
                .infoHash();

        Agent originAgent = enrolled(network, work.resolve("origin/home"), "origin-" + name);
        List<Agent> mirrorAgents = new ArrayList<>();
        for (int i = 1; i <= MIRRORS; i++) {
            mirrorAgents.add(enrolled(network, work.resolve("mirror-" + i + "/home"), "m" + i + "-" + name));
        }
        Path revokedHome = work.resolve("revoked/home");
        String revokedName = "revoked-" + name;
        Agent revokedAgent = enrolled(network, revokedHome, revokedName);
        String discoveryBefore = MirrorEnrollIT.discovery(tracker).toString();

        int originPort = FreePorts.pick(InetAddress.getLoopbackAddress());
        Instant release = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(EMBARGO);
        Agent publisher = new Agent(
                Files.createDirectories(work.resolve("publisher")), Map.of("OSSNET_TOKEN", network.publisherToken()));
        SeedIT.publish(publisher, tree, collection, tracker, originPort, "--embargo-until", release.toString());
        Path originStatus = work.resolve("origin/status.json");
        List<Agent.Background> running = new ArrayList<>();
        try {
            Agent.Background origin = originAgent.start(
                    "seed",
                    tree.toString(),
                    "--collection",
                    collection,
                    "--tracker",
                    tracker.toString(),
                    "--listen",
                    "127.0.0.1:0",
                    "--http",
                    "127.0.0.1:" + originPort,
                    "--refresh",
                    "2s",
                    "--status-interval",
                    "1s",
                    "--status-file",
                    originStatus.toString());
            running.add(origin);
            List<Agent.Background> mirrors = new ArrayList<>();
            List<Path> trees = new ArrayList<>();
            for (int i = 1; i <= MIRRORS; i++) {
                Path root = work.resolve("mirror-" + i);
                Path config = MirrorDaemons.writeConfig(
                        root.resolve("mirror.conf"),
                        root.resolve("tree"),
                        URI.create("http://127.0.0.1:" + FreePorts.pick(InetAddress.getLoopbackAddress()) + "/"),
                        tracker,
                        collection);
                Agent.Background daemon = mirrorAgents
                        .get(i - 1)
                        .start("mirror", "run", "--config", config.toString(), "--embargo-poll", "2s");
                mirrors.add(daemon);
                running.add(daemon);
                trees.add(root.resolve("tree").resolve("embargo/" + name));
            }
            Path revokedConfig = MirrorDaemons.writeConfig(
                    work.resolve("revoked/mirror.conf"),
                    work.resolve("revoked/tree"),
                    URI.create("http://127.0.0.1:" + FreePorts.pick(InetAddress.getLoopbackAddress()) + "/"),
                    tracker,
                    collection);
            Agent.Background revoked =
                    revokedAgent.start("mirror", "run", "--config", revokedConfig.toString(), "--embargo-poll", "2s");
            running.add(revoked);
            List<Integer> peerPorts = new ArrayList<>();
            for (Agent.Background mirror : mirrors) {
                mirror.awaitOutput("peers on ", Duration.ofMinutes(1));
                peerPorts.add(peerPort(mirror.output()));
            }

            // ---- before the release: every public surface answers as for a collection that does not exist
            String mount = collection.substring(("ossnet://" + tracker.getAuthority() + "/").length());
            String mountParent = mount.substring(0, mount.lastIndexOf('/'));
            assertThat(get(tracker.resolve("/ns/" + mount + "/")).statusCode()).isEqualTo(404);
            assertThat(get(tracker.resolve("/ns/" + mount + "/README.txt")).statusCode())
                    .isEqualTo(404);
            HttpResponse<String> parentListing = get(tracker.resolve("/ns/" + mountParent + "/"));
            assertThat(parentListing.statusCode()).isEqualTo(404);
            assertThat(parentListing.body()).doesNotContain(name);
            assertThat(MirrorEnrollIT.discovery(tracker).toString()).isEqualTo(discoveryBefore);
            for (int id = 1; id <= 40; id++) {
                HttpResponse<String> guessed =
                        get(tracker.resolve("/collections/" + id + "/snapshots/1/snapshot.json"));
                assertThat(guessed.body()).as("snapshot %d", id).doesNotContain(name);
                assertThat(get(tracker.resolve("/collections/" + id + "/snapshots/1/files/images/release.img.torrent"))
                                .statusCode())
                        .as("the torrent, guessed as collection %d's", id)
                        .isEqualTo(404);
            }
            String announce = "/announce?info_hash=" + image.toPercentEncoded()
                    + "&peer_id=-PROBE0-000000000001&port=6999&uploaded=0&downloaded=0&left=" + IMAGE_BYTES
                    + "&compact=1&event=started";
            assertThat(get(tracker.resolve(announce)).body()).isEqualTo("d14:failure reason13:unknown swarme");
            assertThat(get(tracker.resolve("/scrape?info_hash=" + image.toPercentEncoded()))
                            .body())
                    .isEqualTo("d5:filesdee");
            Agent stranger = new Agent(Files.createDirectories(work.resolve("stranger")), Map.of());
            Path downloads = Files.createDirectories(work.resolve("stranger/downloads"));
            Agent.Result refused = stranger.run("get", collection + "/README.txt", "-o", downloads.toString());
            assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
            assertThat(downloads.resolve("README.txt")).doesNotExist();
            Path aria2Dir = Files.createDirectories(work.resolve("aria2c"));
            Aria2c probe = Aria2c.probe(
                    "embargo-probe",
                    aria2Dir,
                    aria2Dir,
                    "magnet:?xt=urn:btih:" + image.toHex() + "&tr=" + tracker.resolve("/announce"));

            // ---- a mirror revoked mid-swarm: refused by the tracker and dropped by its peers within seconds
            Await.until(
                    () -> !peerConnections(revoked, tracker).isEmpty(),
                    Duration.ofSeconds(40),
                    Duration.ofMillis(100),
                    () -> "the mirror to revoke never joined the private swarm");
            CredentialFiles.Stored credential = new CredentialFiles(AgentHome.under(revokedHome))
                    .load(tracker.getAuthority())
                    .orElseThrow();
            assertThat(signedStatus(tracker, credential, mount)).isEqualTo(200);
            Instant revokedAt = Instant.now();
            HttpResponse<String> revocation = MirrorEnrollIT.post(
                    tracker.resolve("/api/v1/mirrors/" + revokedName + "/revocation"), network.publisherToken(), null);
            assertThat(revocation.statusCode()).as(revocation.body()).isEqualTo(200);
            Await.until(
                    () -> signedStatus(tracker, credential, mount) == 403,
                    Duration.ofSeconds(10),
                    Duration.ofMillis(50),
                    () -> "the tracker still serves the revoked mirror");
            Duration refusedAfter = Duration.between(revokedAt, Instant.now());
            Await.until(
                    () -> peerConnections(revoked, tracker).isEmpty(),
                    Duration.ofSeconds(10),
                    Duration.ofMillis(50),
                    () -> "the revoked mirror is still connected to " + peerConnections(revoked, tracker));
            Duration droppedAfter = Duration.between(revokedAt, Instant.now());
            System.out.printf(
                    "revoked mid-swarm: refused by the tracker after %d ms, disconnected by its peers after %d ms%n",
                    refusedAfter.toMillis(), droppedAfter.toMillis());
            revoked.close();

            // ---- the mirrors stage it completely over the private swarm, before the release
            for (Agent.Background mirror : mirrors) {
                mirror.awaitOutput("embargoed: the tree switches to it at its release", EMBARGO);
            }
            Instant staged = Instant.now();
            assertThat(staged).as("every mirror staged it before its release").isBefore(release);
            for (Path held : trees) {
                assertThat(held.resolve("images/release.img")).doesNotExist();
            }
            for (int port : peerPorts) {
                assertThat(plainHandshake(port, image))
                        .as("a plain handshake to peer port %d", port)
                        .isZero();
            }
            assertThat(get(URI.create("http://127.0.0.1:" + originPort + "/images/release.img"))
                            .statusCode())
                    .as("the origin withholds the file")
                    .isEqualTo(404);
            probe.awaitExit(Duration.ofMinutes(2), () -> "");
            try (var files = Files.walk(aria2Dir)) {
                assertThat(files.filter(Files::isRegularFile)
                                .filter(f -> f.getFileName().toString().endsWith(".img")))
                        .as("aria2c received nothing")
                        .isEmpty();
            }
            System.out.printf(
                    "every mirror staged the embargoed release %d s before its release instant%n",
                    Duration.between(staged, release).toSeconds());

            // ---- the release: mirrors switch and seed publicly; ossnet get fetches it
            long sentBefore = SeedStatus.read(originStatus).sentBytes();
            assertThat(Instant.now()).as("the probes ended before the release").isBefore(release);
            // The mirrors switch at the release, no sooner: until then the trees were checked not to hold it.
            Duration untilSwitched = Duration.between(Instant.now(), release).plusSeconds(15);
            for (Path held : trees) {
                Await.until(
                        () -> Files.exists(held.resolve("images/release.img")),
                        untilSwitched,
                        Duration.ofMillis(50),
                        () -> "a mirror did not switch at the release");
            }
            Instant switched = Instant.now();
            assertThat(switched).as("no mirror switched before the release").isAfterOrEqualTo(release);
            // The mirrors seed it publicly at once: the tracker counts them (and the origin) as the swarm's seeds.
            SwarmProbe.awaitSeeds(tracker, image, seeds -> seeds >= 1 + MIRRORS, Duration.ofSeconds(20));
            Instant seeding = Instant.now();
            Agent.Result fetched = stranger.run(
                    "get", collection + "/images/release.img", "-o", downloads.toString(), "--timeout", "2m");
            Duration took = Duration.between(seeding, Instant.now());
            assertThat(fetched.exitCode()).as(fetched.toString()).isZero();
            assertThat(downloads.resolve("release.img")).hasSameBinaryContentAs(tree.resolve("images/release.img"));
            double originCopies = (double) (SeedStatus.read(originStatus).sentBytes() - sentBefore) / IMAGE_BYTES;
            System.out.printf(
                    "at the release: every mirror had switched %d ms after it and seeded publicly %d ms after it;"
                            + " ossnet get took %d ms, the origin sent %.3f copies%n",
                    Duration.between(release, switched).toMillis(),
                    Duration.between(release, seeding).toMillis(),
                    took.toMillis(),
                    originCopies);
            assertThat(originCopies)
                    .as("copies the origin sent for the release's first download")
                    .isLessThanOrEqualTo(0.2);
        } finally {
            for (Agent.Background process : running) {
                process.close();
            }
        }
    }

    /** A fresh agent home enrolled as mirror {@code mirror} for the demo's publisher, every collection. */
    static Agent enrolled(LocalNetwork network, Path home, String mirror) throws Exception {
        URI tracker = network.url(ServiceKind.TRACKER);
        HttpResponse<String> enrolment = MirrorEnrollIT.post(
                tracker.resolve("/api/v1/mirror-enrolments"),
                network.publisherToken(),
                JSON.writeValueAsString(
                        Map.of("mirror", mirror, "prefixes", List.of("ossnet://" + tracker.getAuthority() + "/"))));
        assertThat(enrolment.statusCode()).as(enrolment.body()).isEqualTo(201);
        Agent agent = new Agent(Files.createDirectories(home), Map.of());
        Agent.Result enrolled = agent.run(
                "mirror",
                "enroll",
                "--tracker",
                tracker.toString(),
                "--token",
                JSON.readTree(enrolment.body()).path("token").asString(),
                "--name",
                mirror);
        assertThat(enrolled.exitCode()).as(enrolled.toString()).isZero();
        return agent;
    }

    static int peerPort(String output) {
        Matcher matcher = PEERS_ON.matcher(output);
        assertThat(matcher.find()).as(output).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    /** The remote ports of {@code daemon}'s open TCP connections other than to the tracker: its peers. */
    static java.util.Set<Integer> peerConnections(Agent.Background daemon, URI tracker) {
        try {
            java.util.Set<Integer> ports = new java.util.HashSet<>(
                    TcpConnections.openRemotePorts(daemon.process().pid()));
            ports.remove(tracker.getPort());
            return ports;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The status of the collection's {@code /ns} entry asked with a request signed by {@code credential}. */
    static int signedStatus(URI tracker, CredentialFiles.Stored credential, String mount) {
        String target = "/ns/" + mount + "/";
        HttpRequest.Builder request =
                HttpRequest.newBuilder(tracker.resolve(target)).GET();
        SignedRequest.sign(
                        credential.keys().getPrivate(),
                        credential.certificate(),
                        "GET",
                        target,
                        new byte[0],
                        Instant.now())
                .forEach(request::header);
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a plain BitTorrent handshake for {@code swarm}; returns how many bytes came back before the close. */
    static int plainHandshake(int port, InfoHash swarm) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            byte[] handshake = new byte[68];
            handshake[0] = 19;
            System.arraycopy("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII), 0, handshake, 1, 19);
            System.arraycopy(swarm.bytes(), 0, handshake, 28, 20);
            System.arraycopy("-PROBE0-000000000002".getBytes(StandardCharsets.US_ASCII), 0, handshake, 48, 20);
            OutputStream out = socket.getOutputStream();
            out.write(handshake);
            out.flush();
            InputStream in = socket.getInputStream();
            int received = 0;
            try {
                while (in.read() >= 0) {
                    received++;
                }
            } catch (SocketTimeoutException e) {
                // Silent until the timeout: nothing came back.
            } catch (java.io.IOException e) {
                // Reset by the peer: nothing more comes.
            }
            return received;
        }
    }

    static int status(URI uri) {
        try {
            return get(uri).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
    }
}
