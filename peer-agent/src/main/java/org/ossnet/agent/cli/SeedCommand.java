package org.ossnet.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.ossnet.agent.announce.AnnounceClient;
import org.ossnet.agent.announce.AnnounceTiers;
import org.ossnet.agent.announce.BatchAnnounceClient;
import org.ossnet.agent.announce.BatchAnnouncer;
import org.ossnet.agent.credential.MirrorIdentity;
import org.ossnet.agent.home.AgentHome;
import org.ossnet.agent.mirror.EmbargoAccess;
import org.ossnet.agent.net.SourceAddress;
import org.ossnet.agent.origin.HttpFileServer;
import org.ossnet.agent.origin.OriginConfig;
import org.ossnet.agent.origin.Withholding;
import org.ossnet.agent.region.PublisherTrackers;
import org.ossnet.agent.scan.HashCache;
import org.ossnet.agent.seed.LocalCopies;
import org.ossnet.agent.seed.PrivateSeeding;
import org.ossnet.agent.seed.SeedSync;
import org.ossnet.agent.seed.Seeder;
import org.ossnet.agent.swarm.PeerListener;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.agent.text.Counts;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.Snapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ossnet seed DIR --collection NAME}: seeds every file of the collection's latest verified snapshot that DIR
 * holds intact, to the swarm and (as the origin and web seed) over HTTP, following new snapshots as they appear.
 */
@Command(
        addMethodSubcommands = false,
        name = "seed",
        mixinStandardHelpOptions = true,
        description = {
            "Seed the files of a published collection from DIR until interrupted.",
            "Each file has its own swarm behind one peer port, announced in batches, and DIR is served over HTTP as"
                    + " the origin. New snapshots are picked up every --refresh; files missing or damaged in DIR are"
                    + " reported and skipped.",
            "With a mirror credential for the publisher in the agent home (ossnet mirror enroll), the files of an"
                    + " embargoed snapshot are seeded privately to credentialed mirrors and withheld from HTTP until"
                    + " their release, then publicly."
        })
final class SeedCommand implements Callable<Integer> {

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

    @Parameters(index = "0", paramLabel = "DIR", description = "The local copy of the collection's tree.")
    Path dir;

    @Option(
            names = "--collection",
            required = true,
            paramLabel = "NAME",
            // The example on a line of its own: picocli would wrap inside the URL, after "ossnet:" or "example.".
            description = {"The collection's name.", "For example ossnet://example.org/fedora/45."})
    String collection;

    @Option(
            names = "--tracker",
            paramLabel = "URL",
            description = "The tracker to announce to (its discovery document names the announce URL);"
                    + " default: the publisher's own tracker.")
    URI tracker;

    @Option(
            names = "--listen",
            paramLabel = "ADDR:PORT",
            // Defaults on a line of their own: picocli wraps after the colon of an address:port, splitting it.
            description = {
                "Where to accept peer connections; port 0 picks a free one. Every connection to trackers and peers"
                        + " comes from its address unless that is 0.0.0.0.",
                "Default: ${DEFAULT-VALUE}."
            },
            converter = SocketAddressConverter.class,
            defaultValue = "0.0.0.0:6881")
    InetSocketAddress listen;

    @Option(
            names = "--http",
            paramLabel = "ADDR:PORT",
            description = {"Where to serve DIR over HTTP.", "Default: ${DEFAULT-VALUE}."},
            converter = SocketAddressConverter.class,
            defaultValue = "127.0.0.1:" + ServeCommand.DEFAULT_PORT)
    InetSocketAddress http;

    @Option(names = "--no-http", description = "Do not serve DIR over HTTP.")
    boolean noHttp;

    @Option(names = "--access-log", description = "Write a log line per HTTP response to standard error.")
    boolean accessLog;

    @Option(
            names = "--super-seed",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Show each peer only a few pieces at a time, least shown first, so each piece is sent about "
                    + "once before any twice (BEP 16-like; default: on, --no-super-seed turns it off).")
    boolean superSeed;

    @Option(
            names = "--refresh",
            paramLabel = "DURATION",
            description = "How often to look for a newer snapshot (default: 60s).",
            converter = DurationConverter.class)
    Duration refresh = Duration.ofSeconds(60);

    @Option(
            names = "--status-interval",
            paramLabel = "DURATION",
            description = "How often a status line is printed (default: 30s).",
            converter = DurationConverter.class)
    Duration statusInterval = Duration.ofSeconds(30);

    @Option(
            names = "--status-file",
            paramLabel = "FILE",
            description =
                    "Replace FILE with the status as JSON (exact byte counts) with every status line and at exit.")
    Path statusFile;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Files hashed in parallel (default: the number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--no-tofu", description = "Refuse publishers whose key is not pinned instead of pinning it.")
    boolean noTofu;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(dir)) {
            err.println("ossnet seed: " + dir + " is not a directory");
            return ExitCodes.BAD_INPUT;
        }
        if (statusFile != null && !Files.isDirectory(statusFile.toAbsolutePath().getParent())) {
            err.println("ossnet seed: --status-file " + statusFile + ": no such directory "
                    + statusFile.toAbsolutePath().getParent());
            return ExitCodes.USAGE;
        }
        SeedRun run = null;
        List<AutoCloseable> credential = new ArrayList<>();
        try {
            peerReport.check();
            // The agent's address for trackers and peers alike, so they see the one it listens on.
            SourceAddress source =
                    bind("--listen", listen, () -> new SourceAddress(listen.getAddress()).requireLocal());
            OssnetName name = OssnetName.parse(collection).asDirectory();
            AgentHome home = options.home(root.env());
            Clock clock = Clock.systemUTC();
            // The publisher's origin enrolled as a mirror sees its embargoed snapshots early and seeds them privately.
            Credentialed credentialed =
                    Credentialed.load(home, name.publisher(), options.insecureHttp(root.env()), source, clock);
            Optional<MirrorIdentity> identity = credentialed.identity();
            identity.ifPresent(credential::add);
            // An explicit --tracker is used alone; otherwise the publisher's region, if any, comes first.
            PublisherTrackers trackers = credentialed.trackers(tracker != null, options, root.env(), err, source);
            // Peers of the region followed get the upload slots first: a piece crosses out once, and the region's
            // peers take it from each other, not back from outside (none, with an explicit --tracker).
            SwarmConfig config = swarmConfig(source).withNear(trackers.inRegion(name.publisher()));
            TrackerClient client = trackers.client();
            AnnounceTiers announceTiers = announceTiers(trackers, name);
            var copies = new LocalCopies(dir, HashCache.load(home.hashCacheFile()), threads);
            PeerListener listener = bind("--listen", listen, () -> PeerListener.open(listen));
            var announcer = new BatchAnnouncer(
                    new BatchAnnounceClient(source),
                    new AnnounceClient(source),
                    announceTiers,
                    config.peerId(),
                    listener.address().getPort(),
                    true);
            Consumer<String> notes = line -> {
                out.println(line);
                out.flush();
            };
            PrivateSeeding privately = identity.map(id -> new PrivateSeeding(
                            id.serveOn(listener),
                            new AnnounceClient(source).signedBy(id.signer()),
                            privateAnnounce(id.tracker()),
                            clock,
                            notes))
                    .orElse(null);
            SeedRun current = new SeedRun(new Seeder(listener, config, announcer, privately), out, err);
            run = current;
            current.statusFile(statusFile);
            if (peerReport.given()) {
                current.peerReport(() -> peerReport.write(source, "seed", err));
            }
            // With a credential the tree may hold embargoed files: nothing is served until the snapshot says which.
            Withholding withholding = noHttp || identity.isEmpty() ? null : Withholding.sealed(dir, clock);
            if (!noHttp) {
                OriginConfig origin = OriginConfig.defaults().withAccessLog(err::println);
                current.serve(bind(
                        "--http",
                        http,
                        () -> HttpFileServer.start(dir, http, accessLog ? origin : origin.quiet(), withholding)));
            }
            var sync = new SeedSync(
                    Resolvers.create(options, root.env(), noTofu, err, trackers),
                    client,
                    name,
                    copies,
                    current.seeder(),
                    noHttp ? null : current.httpBase(),
                    current::note,
                    withholding,
                    clock);
            // The certificate lives an hour; an embargo may last longer.
            credentialed.renewing(name.publisher(), clock, current::note).ifPresent(credential::addFirst);
            Snapshot snapshot = sync.sync();
            if (current.seeder().status().swarms() == 0) {
                err.println("ossnet seed: nothing to seed: none of the "
                        + Counts.of(snapshot.files().size(), "file")
                        + " of version " + snapshot.version() + " of " + snapshot.collection()
                        + " with a swarm is present and intact in " + dir);
                return ExitCodes.NOTHING_TO_SEED;
            }
            announcer.start();
            if (announcer.lastFailure() != null) {
                err.println("ossnet seed: the tracker could not be reached, will retry: "
                        + Failures.message(announcer.lastFailure()));
            }
            out.println("seeding " + Counts.of(current.seeder().status().swarms(), "swarm") + " of "
                    + snapshot.collection()
                    + " version " + snapshot.version() + " from " + dir + "; peers on "
                    + hostPort(listener.address()) + (noHttp ? "" : "; HTTP at " + current.httpBase()));
            out.flush();
            return current.untilStopped(sync, refresh, statusInterval);
        } catch (IllegalArgumentException e) {
            err.println("ossnet seed: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (BindFailure e) {
            err.println("ossnet seed: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (Exception e) {
            return Failures.report("seed", e, err);
        } finally {
            if (run != null) {
                run.close();
            }
            for (AutoCloseable resource : credential) {
                try {
                    resource.close();
                } catch (Exception e) {
                    // Its threads go with the process.
                }
            }
        }
    }

    /** The private announce of the tracker the credential came from. */
    private static URI privateAnnounce(URI tracker) {
        String base = tracker.toString().endsWith("/") ? tracker.toString() : tracker + "/";
        return URI.create(base + EmbargoAccess.PRIVATE_ANNOUNCE);
    }

    private SwarmConfig swarmConfig(SourceAddress source) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1");
        }
        if (refresh.isZero() || refresh.isNegative() || statusInterval.isZero() || statusInterval.isNegative()) {
            throw new IllegalArgumentException("--refresh and --status-interval must be positive");
        }
        SwarmConfig config = peerReport.applyTo(
                upload.applyTo(SwarmConfig.defaults(peerIdOption.peerId()).withSource(source)));
        if (superSeed) {
            config = config.withSuperSeeding();
        }
        // One bucket for every swarm: the cap holds for the whole seeder.
        return config.withSharedRates();
    }

    /**
     * The announce URL of {@code --tracker}'s discovery document, or of the publisher's own tracker after its region's
     * when it refers this agent to one. A tracker that
     * says it serves another publisher is refused: its swarms would not be this collection's.
     */
    private AnnounceTiers announceTiers(PublisherTrackers trackers, OssnetName name) throws Exception {
        Discovery discovery = tracker == null
                ? trackers.master(name.publisher())
                : trackers.client().discoverAt(tracker);
        if (tracker != null && !name.publisher().equalsIgnoreCase(discovery.publisher())) {
            throw new IllegalArgumentException("the tracker " + tracker + " serves publisher " + discovery.publisher()
                    + ", not " + name.publisher());
        }
        if (discovery.announce() == null) {
            throw new IOException("the discovery document of " + name.publisher() + " names no announce URL");
        }
        return trackers.announce(name.publisher(), discovery.announce());
    }

    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** Opening a socket failed because the address is taken or not ours: a usage error, exit 2. */
    static final class BindFailure extends Exception {
        BindFailure(String message) {
            super(message);
        }
    }

    interface Opener<T> {
        T open() throws IOException;
    }

    private static <T> T bind(String option, InetSocketAddress address, Opener<T> opener)
            throws BindFailure, IOException {
        try {
            return opener.open();
        } catch (BindException e) {
            throw new BindFailure("cannot listen on " + hostPort(address) + " (" + option + "): " + e.getMessage());
        }
    }
}
