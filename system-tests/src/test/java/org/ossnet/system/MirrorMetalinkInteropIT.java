package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.core.api.MirrorCollection;
import org.ossnet.core.api.MirrorRegistered;
import org.ossnet.core.api.MirrorRegistration;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.snapshot.SnapshotLimits;
import org.ossnet.core.testing.Await;
import org.ossnet.testsupport.http.HttpProbe;
import org.ossnet.testsupport.local.LocalNetwork;
import org.ossnet.testsupport.local.LocalNetworkOptions;
import org.ossnet.testsupport.local.ServiceKind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mirrors against the real tracker and a stock client: two mirrors' plain HTTP trees, built by hand in the layout the
 * API fixes and served by the real {@code ossnet serve}, claim version 2 of the demo collection. The honest one, which
 * holds it, is named in the image's Metalink once the tracker has checked it; the lying one, which serves version 2's
 * snapshot document over version 1's files (a mirror that switched its index but not its data), fails the check and is
 * never named. With the origin stopped, {@code aria2c} given only the Metalink downloads the image from the honest
 * mirror and checks it against the Metalink's SHA-256.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MirrorMetalinkInteropIT {

    static final String IMAGE = "images/demo-24MiB.img";

    /**
     * How long the tracker may take to check a claim: one fetch of the snapshot and of the changed image over loopback
     * normally, but CI's two cores may be busy.
     */
    static final Duration CHECK_WAIT = Duration.ofSeconds(60);

    /** How long aria2c may take for 24 MiB over loopback, with room for a busy machine. */
    static final Duration DOWNLOAD_WAIT = Duration.ofSeconds(90);

    static final JsonMapper JSON = JsonMapper.shared();

    @TempDir
    Path work;

    @Test
    void aria2cDownloadsFromCheckedMirrorsAloneWhileTheOriginIsDownAndALyingMirrorIsNeverListed() throws Exception {
        try (LocalNetwork network = LocalNetwork.start(LocalNetworkOptions.defaults(Agent.REPOSITORY)
                .withFreePorts()
                .withWorkDirectory(work.resolve("network")))) {
            URI tracker = network.url(ServiceKind.TRACKER);
            Path origin = work.resolve("network/demo");
            Snapshot version1 = decode(fetch(entry(network, IMAGE).snapshot()));
            Path version1Files = copyTree(version1, origin, work.resolve("version1"));

            // Version 2 changes only the image, so the tracker's check of a version 2 claim fetches the image.
            rebuild(origin.resolve(IMAGE));
            publish(network, origin);
            NsEntry image = entry(network, IMAGE);
            assertThat(image.version()).isEqualTo(version1.version() + 1);
            byte[] document = fetch(image.snapshot());
            byte[] signature = fetch(image.signature());
            Snapshot version2 = decode(document);
            String mount = String.join("/", OssnetName.parse(image.collection()).segments());

            Path honestTree = mirrorTree(work.resolve("honest"), mount, version2, origin, document, signature);
            Path lyingTree = mirrorTree(work.resolve("lying"), mount, version2, version1Files, document, signature);
            try (Agent.Background honestServer = serve("honest", honestTree);
                    Agent.Background lyingServer = serve("lying", lyingTree)) {
                URI honestBase = servedAt(honestServer);
                URI lyingBase = servedAt(lyingServer);
                String honestUrl = honestBase + mount + "/" + IMAGE;
                String lyingUrl = lyingBase + mount + "/" + IMAGE;
                MirrorRegistered honest = register(tracker, "honest", honestBase, image.collection());
                MirrorRegistered lying = register(tracker, "lying", lyingBase, image.collection());

                // Registered but not yet proven to hold anything: a Metalink names neither.
                assertThat(metalink(image)).doesNotContain(honestUrl, lyingUrl);

                reportHolding(honest, image);
                reportHolding(lying, image);
                Await.until(
                        () -> metalink(image).contains(honestUrl),
                        CHECK_WAIT,
                        () -> "the Metalink never named the honest mirror\n" + metalink(image) + "\n" + mirrors(network)
                                + "\n" + ossnetSide(honestServer, lyingServer));
                Await.until(
                        () -> lastFailure(network, lying.id()) != null,
                        CHECK_WAIT,
                        () -> "the lying mirror's claim was never found false\n" + mirrors(network) + "\n"
                                + ossnetSide(honestServer, lyingServer));
                assertThat(lastFailure(network, lying.id())).contains(IMAGE, "SHA-256");
                String listed = metalink(image);
                assertThat(listed).contains(honestUrl).doesNotContain(lyingUrl);
                Path metalinkFile = Files.writeString(work.resolve("image.meta4"), withoutTorrent(listed));

                network.stopOrigin();
                int honestBefore = accessLog(honestServer).size();
                int lyingBefore = accessLog(lyingServer).size();
                Path into = Files.createDirectories(work.resolve("aria2"));
                Aria2c.Verdict verdict;
                try (Aria2c aria2c = Aria2c.downloadFromMetalink("aria2c", work, into, metalinkFile)) {
                    verdict = aria2c.awaitExit(DOWNLOAD_WAIT, () -> ossnetSide(honestServer, lyingServer));
                }

                assertThat(verdict.exitCode())
                        .as(() -> "aria2c failed to download the image from the mirrors in\n" + listed + "\n"
                                + verdict.describe() + "\n" + ossnetSide(honestServer, lyingServer))
                        .hasValue(0);
                // aria2c's own check of the whole file against the Metalink's SHA-256, not only ours below.
                assertThat(verdict.log()).as(verdict::describe).contains("Verification finished successfully");
                assertThat(InteropSwarms.sha256OrMissing(into.resolve("demo-24MiB.img")))
                        .as(verdict::describe)
                        .isEqualTo(image.sha256());
                String path = "/" + mount + "/" + IMAGE;
                List<String> honestLines = accessLog(honestServer);
                List<String> lyingLines = accessLog(lyingServer);
                assertThat(bytesServed(honestLines.subList(honestBefore, honestLines.size()), path))
                        .as(() -> "bytes of the image the honest mirror served to aria2c\n" + honestLines)
                        .isGreaterThanOrEqualTo(image.size());
                assertThat(lyingLines.subList(lyingBefore, lyingLines.size()))
                        .as("requests to the lying mirror while aria2c ran")
                        .isEmpty();
            }
        }
    }

    /**
     * The Metalink without its torrent {@code metaurl}: aria2c 1.36 follows that even with {@code --follow-torrent=false}
     * and then downloads as a BitTorrent client from the torrent's web seeds, checking pieces, never the Metalink's
     * HTTP sources and SHA-256 that this test is about.
     */
    static String withoutTorrent(String metalink) {
        assertThat(metalink).contains("<metaurl mediatype=\"torrent\"");
        return metalink.lines().filter(line -> !line.contains("<metaurl")).collect(Collectors.joining("\n", "", "\n"));
    }

    /** The tracker's entry for {@code path} of the demo collection, resolved as a client does. */
    static NsEntry entry(LocalNetwork network, String path) throws Exception {
        TrackerClient client = new TrackerClient(false);
        OssnetName name = OssnetName.parse(network.demo() + "/" + path);
        return client.resolve(client.discover(name.publisher()), name);
    }

    static byte[] fetch(URI uri) throws Exception {
        return new TrackerClient(false).fetch(uri, 64 << 20);
    }

    static Snapshot decode(byte[] document) {
        return SnapshotCodec.decode(document, SnapshotLimits.DEFAULTS);
    }

    /** A new build of the file: its first bytes change, so the whole file's SHA-256 and its swarm do too. */
    static void rebuild(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("version 2 of the demo image".getBytes()), 0);
        }
    }

    /** Publishes {@code tree} as the next version of the demo collection. */
    void publish(LocalNetwork network, Path tree) throws Exception {
        Agent.Result published = Agent.publishDemo(network, work.resolve("publisher"), tree);
        assertThat(published.exitCode()).as(published.toString()).isZero();
    }

    /** Copies the files {@code snapshot} lists from {@code from} into {@code to}, by their paths. */
    static Path copyTree(Snapshot snapshot, Path from, Path to) throws IOException {
        for (SnapshotFile file : snapshot.files()) {
            Path target = to.resolve(file.path().path());
            Files.createDirectories(target.getParent());
            Files.copy(from.resolve(file.path().path()), target);
        }
        return to;
    }

    /**
     * A mirror's tree as the API lays it out: {@code snapshot}'s files, taken from {@code content}, under {@code mount},
     * and the snapshot's exact document and signature under {@code mount/.ossnet}.
     */
    static Path mirrorTree(Path root, String mount, Snapshot snapshot, Path content, byte[] document, byte[] signature)
            throws IOException {
        Path collection = copyTree(snapshot, content, root.resolve(mount));
        Path metadata = Files.createDirectories(collection.resolve(".ossnet"));
        Files.write(metadata.resolve("snapshot.json"), document);
        Files.write(metadata.resolve("snapshot.json.asc"), signature);
        return root;
    }

    /** Serves {@code tree} with the real {@code ossnet serve} on a free port; its access log is its standard error. */
    Agent.Background serve(String name, Path tree) throws Exception {
        Agent agent = new Agent(Files.createDirectories(work.resolve(name + "-home")), Map.of());
        Agent.Background server = agent.start("serve", tree.toString(), "--bind", "127.0.0.1", "--port", "0");
        server.awaitOutput("serving ", Duration.ofSeconds(60));
        return server;
    }

    static URI servedAt(Agent.Background server) throws IOException {
        Matcher at = Pattern.compile(" at (http://\\S+/)").matcher(server.output());
        assertThat(at.find()).as(server.output()).isTrue();
        return URI.create(at.group(1));
    }

    /**
     * Registers an unofficial mirror (no token: the endpoint is public) carrying the whole of {@code collection}.
     */
    static MirrorRegistered register(URI tracker, String name, URI baseUrl, String collection) throws IOException {
        String body = JSON.writeValueAsString(
                new MirrorRegistration(name, baseUrl, List.of(new MirrorCollection(collection, List.of())), null));
        HttpProbe.Response response = HttpProbe.send(
                "POST", tracker.resolve("/api/v1/mirrors"), Map.of("Content-Type", "application/json"), body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return JSON.readValue(response.body(), MirrorRegistered.class);
    }

    /** Claims, with the mirror's report token, that its tree holds {@code entry}'s snapshot version. */
    static void reportHolding(MirrorRegistered mirror, NsEntry entry) throws IOException {
        String body = JSON.writeValueAsString(Map.of("collection", entry.collection(), "version", entry.version()));
        HttpProbe.Response response = HttpProbe.send(
                "PUT",
                mirror.holdings(),
                Map.of("Content-Type", "application/json", "Authorization", "Bearer " + mirror.reportToken()),
                body);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
    }

    /** The Metalink the tracker serves for {@code entry} now. */
    static String metalink(NsEntry entry) {
        try {
            HttpProbe.Response response = HttpProbe.get(entry.metalink());
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET /api/v1/mirrors} as the publisher sees it. */
    static String mirrors(LocalNetwork network) {
        try {
            HttpProbe.Response response = HttpProbe.get(
                    network.url(ServiceKind.TRACKER).resolve("/api/v1/mirrors"),
                    Map.of("Authorization", "Bearer " + network.publisherToken()));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why the tracker's last check of mirror {@code id}'s (only) collection failed, or {@code null}. */
    static String lastFailure(LocalNetwork network, long id) {
        for (JsonNode mirror : JSON.readTree(mirrors(network)).path("mirrors")) {
            if (mirror.path("id").asLong() == id) {
                JsonNode failure = mirror.path("collections").path(0).path("lastFailure");
                return failure.isString() ? failure.asString() : null;
            }
        }
        return null;
    }

    /** The access log lines {@code ossnet serve} wrote so far, one per response. */
    static List<String> accessLog(Agent.Background server) {
        try {
            return Files.readAllLines(server.err()).stream()
                    .filter(line -> line.contains("] \""))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of successful {@code GET}s of {@code path} in access log {@code lines} (common log format). */
    static long bytesServed(List<String> lines, String path) {
        Pattern get = Pattern.compile("\"GET " + Pattern.quote(path) + " HTTP/1\\.1\" 20[06] (\\d+)$");
        return lines.stream()
                .map(get::matcher)
                .filter(Matcher::find)
                .mapToLong(m -> Long.parseLong(m.group(1)))
                .sum();
    }

    /** The OSSNET side of a failure: both mirrors' access logs and the end of the tracker's log. */
    String ossnetSide(Agent.Background honest, Agent.Background lying) {
        return "--- honest mirror's access log\n" + String.join("\n", accessLog(honest))
                + "\n--- lying mirror's access log\n" + String.join("\n", accessLog(lying)) + "\n"
                + NetworkLogs.tails(work.resolve("network"), ServiceKind.TRACKER.module());
    }
}
