package org.ossnet.agent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import org.ossnet.agent.origin.HttpFileServer;
import org.ossnet.agent.origin.OriginConfig;
import org.ossnet.agent.ratelimit.AddressPolicy;
import org.ossnet.agent.scan.FileHasher;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.agent.swarm.TorrentSession;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.name.RelativePath;
import org.ossnet.core.pgp.OpenPgpPublicKey;
import org.ossnet.core.pgp.PgpKeyException;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotCodec;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.snapshot.SnapshotLimits;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.core.torrent.PeerId;
import org.ossnet.core.torrent.TorrentBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ossnet train-start-cache} (hidden): the run the {@code ./ossnet} launcher makes in the background, once per
 * build and JDK, to write the agent's start-up cache (docs/CONFIGURATION.md, {@code OSSNET_START_CACHE}). The JVM
 * keeps the classes such a run loaded and linked, and on JDK 25 how its methods ran, so this runs for real what a small
 * {@code get} runs, on this machine alone: picocli parsing a {@code get} command line, the tracker client fetching a
 * discovery document and a signed snapshot from an origin on loopback, the OpenPGP check of the signature, the
 * {@code .torrent} parsed, and the file downloaded by a peer from a seed and from the origin as web seed, appearing
 * only once its SHA-256 is right. It then loads the agent's other classes, so that commands it did not run start from
 * the cache too. Everything lives in a temporary directory that is removed at the end; nothing leaves the machine.
 */
@Command(
        name = "train-start-cache",
        hidden = true,
        description = "Run the workload the launcher's start-up cache is trained on (the launcher runs it itself).")
final class TrainStartCacheCommand implements Callable<Integer> {

    /** The file exchanged: some pieces of the smallest piece length, as a small package is. */
    static final int FILE_BYTES = 5 * TorrentBuilder.MIN_PIECE_LENGTH + 1234;

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @ParentCommand
    OssnetCli root;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("ossnet-train-");
        try {
            parseAGetCommandLine();
            Path downloaded = getOverLoopback(work);
            int classes = loadAgentClasses();
            out.println("trained: fetched and verified " + Files.size(downloaded) + " bytes, loaded " + classes
                    + " classes");
            return ExitCodes.OK;
        } finally {
            deleteTree(work);
        }
    }

    /** Picocli's model of every command, a {@code get} command line parsed, and its usage written. */
    private void parseAGetCommandLine() {
        var commandLine = OssnetCli.commandLine(root.env());
        commandLine.parseArgs("get", "ossnet://example.org/demo/README.txt", "-o", ".", "--timeout", "90s");
        commandLine.getSubcommands().get("get").usage(new PrintWriter(new StringWriter()));
    }

    /**
     * What a {@code get} of one small file does, against an origin and a seed in this process: discovery, the signed
     * snapshot and its check, the {@code .torrent}, the download from the seed and the web seed.
     */
    private static Path getOverLoopback(Path work) throws Exception {
        Path served = Files.createDirectories(work.resolve("origin"));
        byte[] content = new byte[FILE_BYTES];
        new Random(42).nextBytes(content);
        Path file = Files.write(served.resolve("package.deb"), content);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (HttpFileServer origin = HttpFileServer.start(
                served,
                new InetSocketAddress(loopback, 0),
                OriginConfig.defaults().quiet())) {
            URI base = origin.baseUri();
            Metainfo torrent = TorrentBuilder.forFile(file)
                    .webSeed(base.resolve("package.deb").toString())
                    .build();
            Files.write(served.resolve("package.deb.torrent"), torrent.toBytes());
            String sha256 = FileHasher.sha256(file);
            publishSignedSnapshot(served, base, sha256, torrent);

            TrackerClient client = new TrackerClient(false);
            Discovery discovery = client.discoverAt(base);
            byte[] snapshot = client.fetch(base.resolve("snapshot.json"), 1 << 20);
            byte[] signature = client.fetch(base.resolve("snapshot.json.asc"), SignatureVerifier.MAX_SIGNATURE_BYTES);
            var keys = discovery.publisherKeys().stream()
                    .map(key -> parseKey(key.armored()))
                    .toList();
            new SignatureVerifier(keys).verify(snapshot, signature);
            SnapshotFile entry = SnapshotCodec.decode(snapshot, SnapshotLimits.DEFAULTS)
                    .files()
                    .getFirst();
            Metainfo fetched = Metainfo.parse(client.fetch(base.resolve("package.deb.torrent"), 1 << 20));
            return download(work.resolve("package.deb"), file, fetched, entry);
        }
    }

    /** The origin's documents: discovery naming a fresh key, and a snapshot of the one file signed with it. */
    private static void publishSignedSnapshot(Path served, URI base, String sha256, Metainfo torrent)
            throws IOException {
        SigningKey key = SigningKey.generate("start-cache training <training@localhost>");
        Discovery discovery = new Discovery(
                "localhost",
                base,
                base.resolve("announce"),
                base.resolve("ns/"),
                List.of(new PublisherKey(key.fingerprint(), key.publicKey().armored(), true, null)),
                base.resolve("snapshots"),
                base.resolve("mirrors"),
                null);
        Path wellKnown = Files.createDirectories(served.resolve(".well-known"));
        Files.writeString(
                wellKnown.resolve("ossnet.json"), JsonMapper.builder().build().writeValueAsString(discovery));
        Instant now = Instant.now();
        Snapshot snapshot = new Snapshot(
                OssnetName.parse("ossnet://localhost/training"),
                1,
                now,
                now.plus(Duration.ofDays(1)),
                Optional.empty(),
                List.of(new SnapshotFile(
                        RelativePath.parse("package.deb"),
                        FILE_BYTES,
                        sha256,
                        torrent.info().pieceLength(),
                        torrent.infoHash().toHex())));
        byte[] encoded = SnapshotCodec.encode(snapshot);
        Files.write(served.resolve("snapshot.json"), encoded);
        Files.writeString(served.resolve("snapshot.json.asc"), key.sign(encoded));
    }

    /** The file fetched by a downloading peer from a seed of {@code original} and from the torrent's web seed. */
    private static Path download(Path target, Path original, Metainfo torrent, SnapshotFile entry) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        SwarmConfig seeding = SwarmConfig.defaults(PeerId.random(PeerId.AGENT_PREFIX))
                .withUpload(AddressPolicy.parse(List.of("127.0.0.0/8", "::1/128")));
        SwarmConfig leeching = SwarmConfig.defaults(PeerId.random(PeerId.AGENT_PREFIX));
        try (PeerListener seedListener = PeerListener.open(new InetSocketAddress(loopback, 0));
                PeerListener listener = PeerListener.open(new InetSocketAddress(loopback, 0));
                TorrentSession seed = TorrentSession.seed(original, torrent.infoHash(), torrent.info(), seeding);
                TorrentSession leecher = TorrentSession.download(
                        target,
                        torrent.infoHash(),
                        torrent.info(),
                        HexFormat.of().parseHex(entry.sha256()),
                        leeching)) {
            seedListener.register(seed);
            listener.register(leecher);
            leecher.addWebSeeds(torrent.webSeeds());
            leecher.addPeer(seedListener.address());
            Path done = leecher.completion().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            if (!FileHasher.sha256(done).equals(entry.sha256())) {
                throw new IOException("the training download does not match its SHA-256");
            }
            return done;
        }
    }

    /**
     * Loads (without initialising) every class of the agent and of core in this jar, so that commands and paths the
     * run above did not take still find their classes in the cache.
     */
    private static int loadAgentClasses() throws IOException {
        ClassLoader loader = TrainStartCacheCommand.class.getClassLoader();
        var source = TrainStartCacheCommand.class.getProtectionDomain().getCodeSource();
        if (source == null || !source.getLocation().getPath().endsWith(".jar")) {
            return 0; // Run from classes, as in the tests: there is no jar to cache.
        }
        int loaded = 0;
        try (InputStream in = source.getLocation().openStream();
                JarInputStream jar = new JarInputStream(in)) {
            for (JarEntry entry; (entry = jar.getNextJarEntry()) != null; ) {
                String name = entry.getName();
                if (name.startsWith("org/ossnet/") && name.endsWith(".class") && !name.endsWith("package-info.class")) {
                    try {
                        Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                        loaded++;
                    } catch (ClassNotFoundException | LinkageError e) {
                        // A class that cannot load here is simply not cached.
                    }
                }
            }
        }
        return loaded;
    }

    private static OpenPgpPublicKey parseKey(String armored) {
        try {
            return OpenPgpPublicKey.parse(armored);
        } catch (PgpKeyException e) {
            throw new IllegalStateException("the training key does not parse", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
