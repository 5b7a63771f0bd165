package org.ossnet.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ossnet.agent.announce.AnnounceClient;
import org.ossnet.agent.announce.Announcer;
import org.ossnet.agent.ratelimit.AddressPolicy;
import org.ossnet.agent.resolve.Resolved;
import org.ossnet.agent.storage.ContentMismatchException;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.agent.swarm.SwarmProgress;
import org.ossnet.agent.swarm.TorrentSession;
import org.ossnet.agent.tracker.SwarmTorrents;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.wire.PeerId;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.torrent.Metainfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ossnet get NAME}: downloads one published file from its swarm. Size, SHA-256 and info-hash come from the
 * verified snapshot, as for {@code ls}; the tracker's unsigned {@code .torrent} is used only after its info-hash is
 * found equal to the snapshot's.
 */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = {
            "Download one published file from its swarm into DIR (default: the current directory).",
            "The file appears only once its SHA-256 equals the verified snapshot's; re-running resumes.",
            "Nothing is uploaded unless --upload-rate or --allow-upload is given."
        })
final class GetCommand implements Callable<Integer> {

    private static final String PEER_ID_PREFIX = "-OS0001-";

    @Spec
    CommandSpec spec;

    @ParentCommand
    OssnetCli root;

    @Mixin
    AgentOptions options;

    @Option(names = "--no-tofu", description = "Refuse publishers whose key is not pinned instead of pinning it.")
    boolean noTofu;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            description = "The directory to write the file into (default: the current directory).")
    Path output = Path.of(".");

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "Give up after this long, e.g. PT10M or 90s (default: 10m).",
            converter = DurationConverter.class)
    Duration timeout = Duration.ofMinutes(10);

    @Option(
            names = "--upload-rate",
            paramLabel = "BYTES_PER_SECOND",
            description = "Upload to other peers, at most this many bytes per second (default: upload off).")
    Long uploadRate;

    @Option(
            names = "--allow-upload",
            paramLabel = "CIDR",
            arity = "1..*",
            description = "Upload only to these address ranges (turns upload on; default with --upload-rate: all).")
    List<String> allowUpload;

    @Option(
            names = "--bind",
            paramLabel = "ADDR",
            description = "The address to accept peer connections on (default: 0.0.0.0, any free port).")
    String bind = "0.0.0.0";

    @Option(
            names = "--progress-interval",
            paramLabel = "DURATION",
            description = "How often a progress line is printed (default: 2s).",
            converter = DurationConverter.class)
    Duration progressInterval = Duration.ofSeconds(2);

    @Parameters(index = "0", paramLabel = "NAME", description = "The ossnet:// name of a published file.")
    String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            OssnetName parsed = OssnetName.parse(name);
            SwarmConfig config = swarmConfig();
            Resolved resolved =
                    Resolvers.create(options, root.env(), noTofu, err).resolve(parsed);
            Optional<SnapshotFile> file = resolved.file();
            if (file.isEmpty()) {
                String what = resolved.isDirectory()
                        ? " is a directory; get fetches one file (name a file inside it)"
                        : " is not in version " + resolved.snapshot().version() + " of "
                                + resolved.snapshot().collection();
                err.println("ossnet get: " + resolved.name() + what);
                return resolved.isDirectory() ? ExitCodes.BAD_INPUT : ExitCodes.NOT_FOUND;
            }
            Path target = output.resolve(parsed.segments().getLast());
            Files.createDirectories(output);
            if (!file.get().hasSwarm()) {
                Files.write(target, new byte[0]);
                out.println(target);
                return ExitCodes.OK;
            }
            return download(parsed, file.get(), target, config, out, err);
        } catch (IllegalArgumentException e) {
            err.println("ossnet get: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (ContentMismatchException e) {
            return mismatch(e, err);
        } catch (Exception e) {
            return Failures.report("get", e, err);
        }
    }

    private SwarmConfig swarmConfig() {
        SwarmConfig config = SwarmConfig.defaults(PeerId.random(PEER_ID_PREFIX));
        if (uploadRate == null && allowUpload == null) {
            return config;
        }
        if (uploadRate != null && uploadRate < 1) {
            throw new IllegalArgumentException("--upload-rate must be positive");
        }
        AddressPolicy policy = AddressPolicy.parse(allowUpload != null ? allowUpload : List.of("0.0.0.0/0", "::/0"));
        config = config.withUpload(policy);
        return uploadRate != null ? config.withUploadRate(uploadRate) : config;
    }

    private int download(
            OssnetName name, SnapshotFile file, Path target, SwarmConfig config, PrintWriter out, PrintWriter err)
            throws Exception {
        var tracker = new TrackerClient(options.insecureHttp(root.env()));
        Discovery discovery = tracker.discover(name.publisher());
        Metainfo metainfo = new SwarmTorrents(tracker).fetch(discovery, name, file);
        URI announceUrl = metainfo.announce().map(URI::create).orElse(discovery.announce());
        if (announceUrl == null) {
            throw new IOException("neither the .torrent nor the discovery document names an announce URL");
        }
        byte[] sha256 = HexFormat.of().parseHex(file.sha256());
        try (PeerListener listener = PeerListener.open(new InetSocketAddress(InetAddress.getByName(bind), 0));
                TorrentSession session =
                        TorrentSession.download(target, metainfo.infoHash(), metainfo.info(), sha256, config)) {
            listener.register(session);
            session.addWebSeeds(metainfo.webSeeds());
            try (Announcer announcer = new Announcer(
                    new AnnounceClient(),
                    announceUrl,
                    metainfo.infoHash(),
                    config.peerId(),
                    listener.address().getPort(),
                    config.uploadEnabled(),
                    () -> transfer(session.progress()),
                    session::addPeer)) {
                if (!session.completion().isDone()) {
                    announcer.start();
                }
                int code = await(session, target, out, err);
                if (code == ExitCodes.OK) {
                    announcer.completed();
                }
                SwarmProgress last = session.progress();
                out.printf("uploaded %d bytes%n", last.uploadedBytes());
                out.flush();
                return code;
            }
        }
    }

    private int await(TorrentSession session, Path target, PrintWriter out, PrintWriter err)
            throws InterruptedException, ContentMismatchException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                session.completion().get(Math.min(left, progressInterval.toNanos()), TimeUnit.NANOSECONDS);
                out.println(ProgressLine.of(session.progress(), System.nanoTime() - start));
                out.println(target);
                out.flush();
                return ExitCodes.OK;
            } catch (TimeoutException e) {
                SwarmProgress progress = session.progress();
                out.println(ProgressLine.of(progress, System.nanoTime() - start));
                out.flush();
                if (System.nanoTime() - deadline >= 0) {
                    err.println("ossnet get: gave up after " + timeout + " with " + progress.verifiedBytes() + " of "
                            + progress.totalBytes() + " bytes"
                            + (progress.connectedPeers() == 0 ? " and no peer connected" : "")
                            + "; run again to resume");
                    return ExitCodes.FAILURE;
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ContentMismatchException mismatch) {
                    throw mismatch;
                }
                err.println("ossnet get: the download failed: " + e.getCause().getMessage());
                return ExitCodes.FAILURE;
            }
        }
    }

    private static Announcer.Transfer transfer(SwarmProgress progress) {
        return new Announcer.Transfer(
                progress.uploadedBytes(),
                progress.downloadedBytes(),
                Math.max(0, progress.totalBytes() - progress.verifiedBytes()));
    }

    private static int mismatch(ContentMismatchException e, PrintWriter err) {
        err.println("ossnet get: the downloaded file's SHA-256 is " + e.actualSha256() + ", not the signed "
                + e.expectedSha256() + "; nothing was kept at the final path");
        err.flush();
        return ExitCodes.BAD_INPUT;
    }
}
