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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import org.ossnet.agent.origin.HttpFileServer;
import org.ossnet.agent.origin.OriginConfig;
import org.ossnet.agent.ratelimit.AddressPolicy;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.agent.swarm.TorrentSession;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.torrent.Metainfo;
import org.ossnet.core.torrent.PeerId;
import org.ossnet.core.torrent.TorrentBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ossnet train-start-cache} (hidden): the run the {@code ./ossnet} launcher makes in the background, once per
 * build and JDK, to write the agent's start-up cache (docs/CONFIGURATION.md, {@code OSSNET_START_CACHE}). The JVM
 * keeps the classes such a run loaded and linked, and on JDK 25 the lambdas it linked and how its methods ran, so this
 * runs a real {@code ossnet get} of a small file, on this machine alone: against an origin on loopback that serves
 * what a tracker would (discovery, the name's entry, a signed snapshot, the {@code .torrent}, an announce reply naming
 * a seed in this process) and the file itself as web seed. It then loads the agent's other classes, so that commands
 * it did not run start from the cache too. Everything lives in a temporary directory removed at the end, the agent
 * home included; nothing leaves the machine.
 */
@Command(
        addMethodSubcommands = false,
        name = "train-start-cache",
        hidden = true,
        description = "Run the workload the launcher's start-up cache is trained on (the launcher runs it itself).")
final class TrainStartCacheCommand implements Callable<Integer> {

    /** The file fetched: some pieces of the smallest piece length, as a small package is. */
    static final int FILE_BYTES = 5 * TorrentBuilder.MIN_PIECE_LENGTH + 1234;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path work = Files.createTempDirectory("ossnet-train-");
        try {
            long fetched = getOverLoopback(work);
            int classes = loadAgentClasses();
            out.println("trained: ossnet get fetched and verified " + fetched + " bytes; loaded " + classes
                    + " more classes");
            return ExitCodes.OK;
        } finally {
            deleteTree(work);
        }
    }

    /** {@code ossnet get} of one small file from the origin and a seed in this process; the bytes it wrote. */
    private static long getOverLoopback(Path work) throws Exception {
        Path served = Files.createDirectories(work.resolve("origin"));
        byte[] content = new byte[FILE_BYTES];
        new Random(42).nextBytes(content);
        Path file = Files.write(served.resolve("package.deb"), content);
        // IPv4: the announce reply names the seed as a compact IPv4 peer.
        InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        SwarmConfig seeding = SwarmConfig.defaults(PeerId.random(PeerId.AGENT_PREFIX))
                .withUpload(AddressPolicy.parse(List.of("127.0.0.0/8")));
        try (HttpFileServer origin = HttpFileServer.start(
                        served,
                        new InetSocketAddress(loopback, 0),
                        OriginConfig.defaults().quiet());
                PeerListener seedListener = PeerListener.open(new InetSocketAddress(loopback, 0))) {
            URI base = origin.baseUri();
            Metainfo torrent = TorrentBuilder.forFile(file)
                    .announce(base.resolve("announce").toString())
                    .webSeed(base.resolve("package.deb").toString())
                    .build();
            try (TorrentSession seed = TorrentSession.seed(file, torrent.infoHash(), torrent.info(), seeding)) {
                seedListener.register(seed);
                OssnetName name = new TrackerDocuments(served, base, torrent).write(seedListener.address());
                Path output = Files.createDirectories(work.resolve("download"));
                Map<String, String> env =
                        Map.of("OSSNET_HOME", work.resolve("home").toString());
                StringWriter said = new StringWriter();
                var get = OssnetCli.commandLine(env::get, "get");
                get.setOut(new PrintWriter(said, true));
                get.setErr(new PrintWriter(said, true));
                // With the options a seeding user passes (a source address, rate caps, a peer report, seeding on
                // after the download), so that their parsing and code are in the cache as well.
                int exit = get.execute(
                        "get",
                        name.format(),
                        "-o",
                        output.toString(),
                        "--timeout",
                        "60s",
                        "--bind",
                        "127.0.0.1",
                        "--upload-rate",
                        "100M",
                        "--download-rate",
                        "1G",
                        "--peer-report",
                        work.resolve("peer-report.json").toString(),
                        "--seed-time",
                        "1s");
                Path fetched = output.resolve("package.deb");
                if (exit != ExitCodes.OK || !Arrays.equals(Files.readAllBytes(fetched), content)) {
                    throw new IOException("the training get failed (exit " + exit + "):\n" + said);
                }
                return Files.size(fetched);
            }
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

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
