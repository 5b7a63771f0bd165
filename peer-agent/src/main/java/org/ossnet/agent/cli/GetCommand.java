package org.ossnet.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ossnet.agent.fetch.FetchPlan;
import org.ossnet.agent.fetch.TrackerSwarms;
import org.ossnet.agent.fetch.TreeFetch;
import org.ossnet.agent.fetch.UnsafePathException;
import org.ossnet.agent.net.SourceAddress;
import org.ossnet.agent.outbox.DownloadReports;
import org.ossnet.agent.region.PublisherTrackers;
import org.ossnet.agent.resolve.Resolved;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.core.name.OssnetName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ossnet get NAME}: downloads one published file, or every file of a directory or collection, each from its own
 * swarm, small files straight from the web seeds first. Sizes, SHA-256s and info-hashes come from the verified snapshot, as for {@code ls}; the tracker's unsigned
 * {@code .torrent} is used only after its info-hash is found equal to the snapshot's. The plan and the concurrent
 * per-file swarms live in the {@code fetch} package; this class reads options, finds torrents and reports.
 */
@Command(
        addMethodSubcommands = false,
        name = "get",
        mixinStandardHelpOptions = true,
        description = {
            "Download a published file, or every file below a directory, into the current directory or -o DIR.",
            "Each file appears only once its SHA-256 equals the verified snapshot's; re-running resumes and skips"
                    + " files already in place.",
            "Nothing is uploaded unless --upload-rate or --allow-upload is given."
        })
final class GetCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    OssnetCli root;

    @Mixin
    AgentOptions options;

    @Mixin
    PeerIdOption peerIdOption;

    @Mixin
    UploadOptions upload;

    @Mixin
    PeerReportOption peerReport;

    @Option(names = "--no-tofu", description = "Refuse publishers whose key is not pinned instead of pinning it.")
    boolean noTofu;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            description = "The directory to write into (default: the current directory).")
    Path output = Path.of(".");

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "Give up on files not complete after this long, for example 90s or PT10M (default: 10m).",
            converter = DurationConverter.class)
    Duration timeout = Duration.ofMinutes(10);

    @Option(
            names = "--download-rate",
            paramLabel = "BYTES_PER_SECOND",
            description = "Download at most this many bytes per second in all, for example 20M (default: no cap).",
            converter = ByteRateConverter.class)
    Long downloadRate;

    @Option(
            names = "--bind",
            paramLabel = "ADDR",
            description = "The address to accept peer connections on, any free port, and to make every connection"
                    + " from: trackers, web seeds and peers see the agent at it (default: 0.0.0.0, connections from"
                    + " the address the system picks).")
    String bind = "0.0.0.0";

    @Option(
            names = "--progress-interval",
            paramLabel = "DURATION",
            description = "How often a progress line is printed (default: 2s).",
            converter = DurationConverter.class)
    Duration progressInterval = Duration.ofSeconds(2);

    @Option(
            names = "--progress",
            paramLabel = "STYLE",
            description = "bar (redrawn in place), lines, none, or auto: a bar on a terminal, lines otherwise "
                    + "(default: auto).")
    String progress = "auto";

    @Option(
            names = "--max-active",
            paramLabel = "N",
            description = "Download at most N files at once, each from its own swarm (default: 4).")
    int maxActive = 4;

    @Option(
            names = "--http-first-below",
            paramLabel = "SIZE",
            description = "Fetch files smaller than SIZE straight from the web seeds over HTTP, mirrors before the"
                    + " origin, and only those no web seed serves correctly through their swarms; 0 sends every file"
                    + " through its swarm (default: 1M).",
            converter = ByteSizeConverter.class)
    long httpFirstBelow = TreeFetch.DEFAULT_HTTP_FIRST_BELOW;

    @Option(
            names = "--seed-time",
            paramLabel = "DURATION",
            description = "After every file is in place, keep seeding them this long (needs --upload-rate or "
                    + "--allow-upload).",
            converter = DurationConverter.class)
    Duration seedTime;

    @Option(
            names = "--no-report",
            description = "Report no download events to the tracker (env OSSNET_REPORT=0); events already waiting"
                    + " stay in the outbox.")
    boolean noReport;

    @Parameters(index = "0", paramLabel = "NAME", description = "The ossnet:// name of a published file or directory.")
    String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SourceAddress source;
        try {
            peerReport.check();
            source = sourceAddress();
        } catch (IllegalArgumentException e) {
            err.println("ossnet get: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try (PeerReportOption.OnSignal onSignal = peerReport.writtenOnSignal(source, "get", err)) {
            return run(source, out, err);
        } finally {
            peerReport.write(source, "get", err);
        }
    }

    /**
     * The {@code --bind} address, which every connection of the run comes from.
     *
     * @throws IllegalArgumentException if it does not resolve, or this machine has no such address
     */
    private SourceAddress sourceAddress() {
        SourceAddress source;
        try {
            source = new SourceAddress(InetAddress.getByName(bind));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown --bind address: " + bind);
        }
        try {
            return source.requireLocal();
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot use --bind " + bind + ": " + e.getMessage() + " (it must be an address of this machine)");
        }
    }

    private int run(SourceAddress source, PrintWriter out, PrintWriter err) {
        try {
            OssnetName parsed = OssnetName.parse(name);
            ProgressReporter.Mode mode = ProgressReporter.Mode.parse(progress, root.env());
            // One set of trackers for the whole run: a region is followed once, and its tiers shared by every swarm.
            PublisherTrackers trackers = Resolvers.trackers(options, root.env(), err, source);
            // Peers of the region followed are preferred: what they have is not fetched across regions.
            SwarmConfig config = swarmConfig(source).withNear(trackers.inRegion(parsed.publisher()));
            Resolved resolved =
                    Resolvers.create(options, root.env(), noTofu, err, trackers).resolve(parsed);
            if (resolved.file().isEmpty() && !resolved.isDirectory()) {
                err.println("ossnet get: " + resolved.name() + " is not in version "
                        + resolved.snapshot().version() + " of "
                        + resolved.snapshot().collection());
                return ExitCodes.NOT_FOUND;
            }
            FetchPlan plan = FetchPlan.of(resolved, output);
            return fetch(
                    plan,
                    resolved,
                    new TrackerSwarms(trackers),
                    source,
                    config,
                    new ProgressReporter(mode, out, ProgressReporter.width(root.env())),
                    out,
                    err);
        } catch (UnsafePathException e) {
            err.println("ossnet get: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (IllegalArgumentException e) {
            err.println("ossnet get: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (Exception e) {
            return Failures.report("get", e, err);
        }
    }

    private SwarmConfig swarmConfig(SourceAddress source) {
        if (maxActive < 1) {
            throw new IllegalArgumentException("--max-active must be positive");
        }
        SwarmConfig config =
                peerReport.applyTo(SwarmConfig.defaults(peerIdOption.peerId()).withSource(source));
        if (downloadRate != null) {
            config = config.withDownloadRate(downloadRate);
        }
        if (upload.given()) {
            config = upload.applyTo(config);
        } else if (seedTime != null) {
            throw new IllegalArgumentException(
                    "--seed-time needs upload on: add --upload-rate BYTES_PER_SECOND or --allow-upload CIDR");
        }
        // One pair of buckets for every file's swarm: the caps hold for the whole command.
        return config.withSharedRates();
    }

    private int fetch(
            FetchPlan plan,
            Resolved resolved,
            TrackerSwarms swarms,
            SourceAddress source,
            SwarmConfig config,
            ProgressReporter reporter,
            PrintWriter out,
            PrintWriter err)
            throws Exception {
        Duration every = reporter.interval(progressInterval);
        long start = System.nanoTime();
        Optional<DownloadReports> reports = noReport || ReportOptions.disabled(root.env())
                ? Optional.empty()
                : GetReports.open(options.home(root.env()), resolved, err);
        InetAddress listen = source.bound().orElse(InetAddress.getByName(bind));
        try (PeerListener listener = PeerListener.open(new InetSocketAddress(listen, 0));
                TreeFetch fetch = new TreeFetch(plan, swarms, listener, config, seedTime != null)) {
            reports.ifPresent(r -> fetch.onDownloaded(o -> GetReports.completed(r, resolved, o)));
            fetch.httpFirstBelow(httpFirstBelow);
            fetch.start(maxActive, start + timeout.toNanos());
            while (!fetch.await(every)) {
                reporter.update(fetch.progress(), System.nanoTime() - start);
            }
            long fetchNanos = System.nanoTime() - start;
            reporter.finish(fetch.progress(), fetchNanos);
            fetch.droppedWebSeeds()
                    .forEach((url, why) -> err.println("ossnet get: stopped asking web seed " + url + ": " + why));
            // Before any seeding, so the report does not wait for --seed-time.
            reports.ifPresent(r -> GetReports.flush(
                    r,
                    resolved.snapshot().collection().publisher(),
                    swarms,
                    options.insecureHttp(root.env()),
                    source,
                    err));
            if (seedTime != null) {
                out.println("seeding for " + seedTime.toSeconds() + " s");
                long until = System.nanoTime() + seedTime.toNanos();
                for (long left; (left = until - System.nanoTime()) > 0; ) {
                    Thread.sleep(Duration.ofNanos(Math.min(left, every.toNanos())));
                    reporter.update(fetch.progress(), System.nanoTime() - start);
                }
                reporter.finish(fetch.progress(), System.nanoTime() - start);
            }
            fetch.close();
            return FetchReport.print(fetch.outcomes(), fetch.progress(), fetchNanos, out, err);
        } finally {
            // Events are kept without waiting (GetReports.completed): none may be left unwritten at the exit.
            reports.ifPresent(DownloadReports::awaitKept);
        }
    }
}
