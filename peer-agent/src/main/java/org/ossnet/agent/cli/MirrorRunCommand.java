package org.ossnet.agent.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ossnet.agent.announce.AnnounceClient;
import org.ossnet.agent.announce.BatchAnnounceClient;
import org.ossnet.agent.announce.BatchAnnouncer;
import org.ossnet.agent.credential.MirrorIdentity;
import org.ossnet.agent.fetch.TrackerSwarms;
import org.ossnet.agent.mirror.CapSchedule;
import org.ossnet.agent.mirror.CollectionSync;
import org.ossnet.agent.mirror.CountingSource;
import org.ossnet.agent.mirror.EmbargoAccess;
import org.ossnet.agent.mirror.MirrorConfig;
import org.ossnet.agent.mirror.MirrorDaemon;
import org.ossnet.agent.mirror.MirrorSeeds;
import org.ossnet.agent.mirror.MirrorState;
import org.ossnet.agent.mirror.MirrorSync;
import org.ossnet.agent.mirror.RegistryClient;
import org.ossnet.agent.mirror.SnapshotFollower;
import org.ossnet.agent.mirror.SwarmContent;
import org.ossnet.agent.net.HttpClients;
import org.ossnet.agent.net.HttpExchanges;
import org.ossnet.agent.net.SourceAddress;
import org.ossnet.agent.origin.HttpFileServer;
import org.ossnet.agent.origin.OriginConfig;
import org.ossnet.agent.outbox.DownloadReports;
import org.ossnet.agent.outbox.Outbox;
import org.ossnet.agent.publish.TokenSource;
import org.ossnet.agent.ratelimit.AddressPolicy;
import org.ossnet.agent.region.PublisherTrackers;
import org.ossnet.agent.seed.Seeder;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.agent.tracker.SwarmTorrents;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.core.api.ClientKind;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.net.Cidr;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ossnet mirror run --config FILE}: the mirror daemon. Serves the tree read-only over HTTP, seeds every
 * carried file, syncs each collection at start and at every new snapshot the tracker's feed announces, reports
 * holdings to the registry, applies the upload cap schedule and writes its state file, until SIGINT/SIGTERM.
 */
@Command(
        addMethodSubcommands = false,
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Mirror the collections of a configuration file until interrupted.",
            "The tree is served over HTTP and every carried file seeded; new snapshots are learnt from the tracker's"
                    + " snapshot feed (polling when there is none) and switched in data first, index last."
        })
final class MirrorRunCommand implements Callable<Integer> {

    private static final List<String> EVERYONE = List.of("0.0.0.0/0", "::/0");

    @Spec
    CommandSpec spec;

    @ParentCommand
    MirrorCommand mirror;

    @Mixin
    AgentOptions options;

    @Mixin
    PeerIdOption peerIdOption;

    @Mixin
    UploadOptions upload;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "The mirror's configuration file (default: " + MirrorCommand.DEFAULT_CONFIG + ").")
    java.nio.file.Path config = java.nio.file.Path.of(MirrorCommand.DEFAULT_CONFIG);

    @Option(names = "--access-log", description = "Write a log line per HTTP response to standard error.")
    boolean accessLog;

    @Option(names = "--no-tofu", description = "Refuse publishers whose key is not pinned instead of pinning it.")
    boolean noTofu;

    @Option(
            names = "--embargo-poll",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "With a mirror credential: how often each collection is looked at for an embargoed snapshot"
                    + " the credential covers (the public feed tells of one only at its release); default 15s.")
    Duration embargoPoll = Duration.ofSeconds(15);

    @Option(
            names = "--no-report",
            description = "Report no download events to the tracker, as 'report = no' in the configuration (env"
                    + " OSSNET_REPORT=0).")
    boolean noReport;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<AutoCloseable> open = new ArrayList<>();
        Clock clock = Clock.systemUTC();
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> stop(main, open), "ossnet-mirror-shutdown");
        try {
            MirrorConfig parsed = upload.uploadRate == null
                    ? MirrorCommand.config(config)
                    : MirrorCommand.config(config).withUpload(CapSchedule.constant(upload.uploadRate));
            SourceAddress source = sourceAddress(parsed);
            // An enrolled mirror signs its requests to the tracker, sees what its credential covers early and joins
            // private swarms; a mirror without a credential carries public swarms.
            Credentialed credentialed = Credentialed.load(
                    options.home(mirror.root.env()),
                    parsed.publisher(),
                    options.insecureHttp(mirror.root.env()),
                    source,
                    clock);
            Optional<MirrorIdentity> identity = credentialed.identity();
            identity.ifPresent(open::add);
            // A tracker named in the configuration is used alone; otherwise the publisher's region, if any, first.
            PublisherTrackers trackers =
                    credentialed.trackers(parsed.tracker().isPresent(), options, mirror.root.env(), err, source);
            TrackerClient client = trackers.client();
            Discovery discovery = parsed.tracker().isPresent()
                    ? client.discoverAt(parsed.tracker().get())
                    : trackers.master(parsed.publisher());
            if (!parsed.publisher().equalsIgnoreCase(discovery.publisher())) {
                throw new IllegalArgumentException(
                        "the tracker " + parsed.tracker().orElseThrow() + " serves publisher " + discovery.publisher()
                                + ", not " + parsed.publisher());
            }
            Optional<String> mirrorToken = parsed.mirrorTokenFile().isPresent()
                    ? Optional.of(TokenSource.fromFile(parsed.mirrorTokenFile().get()))
                    : Optional.empty();
            SwarmConfig swarms = swarmConfig(parsed).withSource(source);
            Runtime.getRuntime().addShutdownHook(hook);

            // A new mirror starts from nothing: its tree is only filled by the first switch, but it is served (and
            // must therefore exist) from the start.
            java.nio.file.Files.createDirectories(parsed.tree());
            HttpFileServer server = HttpFileServer.start(
                    parsed.tree(),
                    parsed.http(),
                    accessLog
                            ? OriginConfig.defaults().withAccessLog(err::println)
                            : OriginConfig.defaults().quiet());
            open.add(server);
            URI baseUrl = parsed.baseUrl().orElse(server.baseUri());
            PeerListener listener = PeerListener.open(parsed.peers());
            Optional<EmbargoAccess> embargoes =
                    identity.map(id -> new EmbargoAccess(id.serveOn(listener), id.signer(), id.tracker()));
            var announcer = new BatchAnnouncer(
                    new BatchAnnounceClient(source),
                    new AnnounceClient(source),
                    trackers.announce(parsed.publisher(), discovery.announce()),
                    swarms.peerId(),
                    listener.address().getPort(),
                    true);
            Seeder seeder = new Seeder(listener, swarms, announcer);
            open.addFirst(seeder);
            PrintWriter notes = out;
            HttpClient http = HttpClients.build(source, builder -> builder.connectTimeout(Duration.ofSeconds(10)));
            Optional<MirrorDaemon.Reports> reports = reports(
                    parsed, discovery, new HttpExchanges(source, Duration.ofSeconds(10)), line -> note(notes, line));
            var counted = new CountingSource(
                    new SwarmContent(
                            new TrackerSwarms(trackers),
                            listener,
                            swarms,
                            SwarmContent.DEFAULT_MAX_ACTIVE,
                            MirrorDaemon.FETCH_TIMEOUT,
                            reports.map(
                                    r -> new DownloadReports(r.outbox(), ClientKind.MIRROR, line -> note(notes, line))),
                            embargoes,
                            clock),
                    parsed.collections().stream()
                            .map(MirrorConfig.Collection::name)
                            .toList());
            List<CollectionSync> syncs = parsed.collections().stream()
                    .map(c ->
                            new CollectionSync(parsed, c, counted, Clock.systemUTC(), CollectionSync.Checkpoints.NONE))
                    .toList();
            var sync = new MirrorSync(Resolvers.create(options, mirror.root.env(), noTofu, err, trackers), syncs);
            Optional<MirrorState> previous = MirrorState.read(parsed.state());
            Optional<URI> feed = parsed.feed().or(() -> Optional.ofNullable(discovery.snapshotFeed()));
            var follower = new SnapshotFollower(
                    http,
                    feed,
                    parsed.collections().stream()
                            .map(MirrorConfig.Collection::name)
                            .collect(java.util.stream.Collectors.toSet()),
                    previous.map(MirrorState::cursor).orElse(0L),
                    SnapshotFollower.Timings.defaults(parsed.poll()),
                    line -> note(notes, line));
            Optional<RegistryClient> registry = Optional.ofNullable(discovery.mirrors())
                    .map(url -> new RegistryClient(
                            http,
                            url,
                            RegistryClient.registrationOf(parsed, baseUrl),
                            mirrorToken,
                            RegistryClient.DEFAULT_DEADLINE));
            var daemon = new MirrorDaemon(
                    parsed,
                    sync,
                    new MirrorSeeds(seeder, new SwarmTorrents(client), discovery, line -> note(notes, line)),
                    follower,
                    registry,
                    counted,
                    swarms.sharedRates().upload(),
                    previous,
                    reports,
                    Clock.systemUTC(),
                    line -> note(notes, line));
            // An enrolled mirror keeps its certificate fresh on its own, and uses each renewed one at once.
            credentialed
                    .renewing(parsed.publisher(), clock, line -> note(notes, line))
                    .ifPresent(open::add);
            identity.ifPresent(id -> {
                registry.ifPresent(r -> r.signedBy(id.signer()));
                daemon.watchingEmbargoes(embargoPoll);
            });
            announcer.start();
            note(
                    out,
                    "mirroring " + parsed.collections().size() + " collection"
                            + (parsed.collections().size() == 1 ? "" : "s") + " of " + parsed.publisher() + " into "
                            + parsed.tree() + "; HTTP at " + server.baseUri() + "; peers on "
                            + SeedCommand.hostPort(listener.address()) + "; "
                            + (feed.isPresent()
                                    ? "following " + feed.get()
                                    : "polling every " + parsed.poll().toSeconds() + "s")
                            + (registry.isEmpty()
                                    ? "; the tracker has no mirror registry, holdings go unreported"
                                    : ""));
            daemon.run();
            return ExitCodes.OK;
        } catch (InterruptedException e) {
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            err.println("ossnet mirror run: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (Exception e) {
            return Failures.report("mirror run", e, err);
        } finally {
            close(open);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // Shutting down (the hook runs) or never added.
            }
        }
    }

    /**
     * Where download events go, or nothing when reporting is off (flag, environment or configuration): the
     * publisher's outbox in the agent home, sent to the tracker the daemon follows.
     */
    private Optional<MirrorDaemon.Reports> reports(
            MirrorConfig parsed, Discovery discovery, HttpExchanges http, java.util.function.Consumer<String> notes)
            throws java.io.IOException {
        if (noReport || ReportOptions.disabled(mirror.root.env()) || !parsed.report()) {
            return Optional.empty();
        }
        URI tracker = discovery.tracker() != null
                ? discovery.tracker()
                : parsed.tracker().orElse(null);
        if (tracker == null) {
            notes.accept("the tracker's discovery names no base URL; download events are not reported");
            return Optional.empty();
        }
        Outbox outbox =
                DownloadReports.open(options.home(mirror.root.env()).outboxDirectory(), parsed.publisher(), notes);
        return Optional.of(new MirrorDaemon.Reports(outbox, tracker, http));
    }

    /**
     * The address of {@code peers}, which the daemon's connections come from too (none for a wildcard), checked to be
     * this machine's before any of them is made.
     */
    private static SourceAddress sourceAddress(MirrorConfig parsed) throws java.io.IOException {
        try {
            return new SourceAddress(parsed.peers().getAddress()).requireLocal();
        } catch (java.io.IOException e) {
            throw new java.io.IOException(
                    "cannot use the peers address "
                            + parsed.peers().getAddress().getHostAddress() + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * The swarm settings: upload to the allowed ranges (flags over the file), one bucket shared by every swarm, the
     * origin's web seed held back for {@code origin-fallback}.
     */
    private SwarmConfig swarmConfig(MirrorConfig parsed) {
        List<String> allowed = upload.allowUpload != null
                ? upload.allowUpload
                : parsed.allowUpload().isEmpty()
                        ? EVERYONE
                        : parsed.allowUpload().stream().map(Cidr::toString).toList();
        SwarmConfig swarms = SwarmConfig.defaults(peerIdOption.peerId()).withUpload(AddressPolicy.parse(allowed));
        return swarms.withOriginFallback(parsed.originFallback()).withSharedRates();
    }

    private static void note(PrintWriter out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /** SIGINT/SIGTERM: stop the daemon, announce {@code stopped}, close the server; the JVM then exits 130/143. */
    private static void stop(Thread main, List<AutoCloseable> open) {
        main.interrupt();
        close(open);
    }

    private static synchronized void close(List<AutoCloseable> open) {
        for (AutoCloseable closeable : open) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Closing on the way out; what cannot be closed goes with the process.
            }
        }
        open.clear();
    }
}
