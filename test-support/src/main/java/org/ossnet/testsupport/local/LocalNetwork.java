package org.ossnet.testsupport.local;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.EmbeddedPostgresServer;

/**
 * The whole OSSNET network on one machine: an embedded PostgreSQL with a database per service,
 * the four services as child JVMs on loopback, the {@code demo} collection published and seeded
 * by an origin agent ({@code ossnet seed}: its swarms and HTTP), and {@code .ossnet-local/env}
 * for clients.
 *
 * <p>{@link #main} is what {@code ./ossnet local} runs; system tests use {@link #start} directly.
 */
public final class LocalNetwork implements AutoCloseable {

    static final String HOST = "127.0.0.1";

    private final EmbeddedPostgresServer postgres;
    private final Map<ServiceKind, ServiceProcess> services = new EnumMap<>(ServiceKind.class);
    private final Map<ServiceKind, Launch> launches = new EnumMap<>(ServiceKind.class);
    private final Map<ServiceKind, Database> databases = new EnumMap<>(ServiceKind.class);
    /** Regional trackers started beside the network's own region-service, by region name. */
    private final Map<String, ServiceProcess> regions = new java.util.concurrent.ConcurrentHashMap<>();

    private final java.util.concurrent.atomic.AtomicInteger regionDatabases =
            new java.util.concurrent.atomic.AtomicInteger();

    private Jars jars;
    private final Path envFile;
    private final Path clientHome;
    private final Secrets secrets = new Secrets();
    private final AtomicBoolean closed = new AtomicBoolean();
    private ServiceProcess origin;
    private URI demo;

    private LocalNetwork(EmbeddedPostgresServer postgres, Path envFile) {
        this.postgres = postgres;
        this.envFile = envFile;
        this.clientHome = envFile.resolveSibling("client-home");
    }

    /** The random credentials one local network runs with. */
    private static final class Secrets {
        final String publisherToken = random();
        final String signingToken = random();
        final String keyPassphrase = random();
        final String statsIngestToken = random();
        final String statsReadToken = random();
        final String reportToken = random();
    }

    /** How a service was started, so {@link #restart} can start it again the same way. */
    private record Launch(Path jar, URI url, Map<String, String> environment, Path log) {}

    /** Starts everything and returns once every service is ready and the demo published; cleans up otherwise. */
    public static LocalNetwork start(LocalNetworkOptions options) throws IOException {
        return start(options, StartupProgress.silent());
    }

    /** {@link #start(LocalNetworkOptions)}, saying what it is doing as it goes. */
    static LocalNetwork start(LocalNetworkOptions options, StartupProgress progress) throws IOException {
        Instant began = Instant.now();
        Jars jars = Jars.find(options.repository());
        Map<String, Integer> ports = Ports.choose(options.ports());
        Path logs = Files.createDirectories(options.workDirectory().resolve("logs"));
        // Every run has a new database, so a new publisher key: no home may keep a key pinned in an earlier run.
        deleteTree(options.workDirectory().resolve("client-home"));
        deleteTree(options.workDirectory().resolve(DemoCollection.HOME));
        Instant step = progress.starting("starting PostgreSQL");
        LocalNetwork network = new LocalNetwork(
                EmbeddedPostgresServer.start(), options.workDirectory().resolve("env"));
        network.jars = jars;
        progress.done("PostgreSQL is up", step);
        try {
            URI publicTracker = URI.create(options.environment()
                    .getOrDefault(ServiceKind.TRACKER, Map.of())
                    .getOrDefault(
                            "OSSNET_TRACKER_PUBLIC_URL",
                            "http://" + HOST + ":" + ports.get(ServiceKind.TRACKER.module())));
            for (ServiceKind kind : ServiceKind.values()) {
                URI url = URI.create("http://" + HOST + ":" + ports.get(kind.module()));
                Map<String, String> env = network.environment(kind, url, ports, publicTracker);
                env.putAll(options.environment().getOrDefault(kind, Map.of()));
                progress.starting("starting " + kind.module() + " at " + url);
                Launch launch = new Launch(jars.service(kind), url, Map.copyOf(env), fresh(logs, kind.module()));
                network.launches.put(kind, launch);
                network.services.put(kind, network.launch(kind, launch));
            }
            ServicesReady.await(network.services.values(), progress);
            DemoCollection demo = new DemoCollection(jars.agent(), options.workDirectory(), logs);
            demo.prepare(ports.get(Ports.ORIGIN));
            step = progress.starting("publishing the sample tree as collection demo (ossnet publish)");
            network.demo = demo.publish(
                    network.publicTrackerUrl(options),
                    network.url(ServiceKind.TRACKER),
                    network.secrets.publisherToken);
            progress.done("published " + network.demo, step);
            step = progress.starting("starting the origin (ossnet seed), which seeds the demo and serves it over HTTP");
            network.origin = demo.startOrigin(network.demo, network.url(ServiceKind.TRACKER));
            progress.done("the origin is seeding at " + network.origin.url(), step);
            network.writeEnvFile();
            progress.done("everything is up", began);
            return network;
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** The base URL one service listens at. */
    public URI url(ServiceKind kind) {
        return services.get(kind).url();
    }

    /** The tracker's bearer token at signing-service, for tests that call signing-service as the tracker does. */
    public String signingToken() {
        return secrets.signingToken;
    }

    /** The token the tracker forwards download events to stats-service with (role {@code ingest}). */
    public String statsIngestToken() {
        return secrets.statsIngestToken;
    }

    /** A stats-service token with role {@code read}: for the dashboard and tests that query statistics. */
    public String statsReadToken() {
        return secrets.statsReadToken;
    }

    /**
     * A tracker token with role {@code report}: delivers download events under the larger rate bound, as a proxy or
     * a test's reporters do.
     */
    public String reportToken() {
        return secrets.reportToken;
    }

    /**
     * The stats dashboard showing the demo, with the read token in the fragment, which browsers never send to a
     * server.
     */
    public URI statsDashboardUrl() {
        return URI.create(url(ServiceKind.STATS) + "/#token=" + secrets.statsReadToken + "&collection="
                + URLEncoder.encode(demo.toString(), StandardCharsets.UTF_8));
    }

    /**
     * Kills a service's JVM at once (SIGKILL, {@link Process#destroyForcibly}) and returns once it has gone: a crash,
     * with no graceful shutdown, for tests of what survives one. {@link #restart} brings it back.
     */
    public void kill(ServiceKind kind) {
        services.get(kind).kill();
    }

    /**
     * Starts a service again with the same port, environment and database (its log is appended to), after stopping
     * it gracefully if it still runs, and returns once it is ready.
     */
    public void restart(ServiceKind kind) throws IOException {
        restart(kind, Map.of());
    }

    /** {@link #restart(ServiceKind)} with {@code changes} to its environment, kept for later restarts too. */
    public void restart(ServiceKind kind, Map<String, String> changes) throws IOException {
        ServicesReady.await(List.of(relaunch(kind, changes)), StartupProgress.silent());
    }

    /**
     * {@link #restart(ServiceKind, Map)} and {@link #startRegions} side by side: the regional trackers need not wait for
     * their master, which they fetch from on a schedule. Returns once every one is ready.
     */
    public void restart(ServiceKind kind, Map<String, String> changes, List<Region> regionsAlongside)
            throws IOException {
        List<ServiceProcess> started = new ArrayList<>(launchRegions(regionsAlongside));
        started.add(relaunch(kind, changes));
        ServicesReady.await(started, StartupProgress.silent());
    }

    /** Stops {@code kind} gracefully if it still runs and starts it again with {@code changes}; does not wait. */
    private ServiceProcess relaunch(ServiceKind kind, Map<String, String> changes) throws IOException {
        Launch before = launches.get(kind);
        Map<String, String> environment = new HashMap<>(before.environment());
        environment.putAll(changes);
        launches.put(kind, new Launch(before.jar(), before.url(), Map.copyOf(environment), before.log()));
        ServiceProcess running = services.get(kind);
        if (running.isAlive()) {
            running.requestStop();
            running.awaitStopped(30);
        }
        ServiceProcess started = launch(kind, launches.get(kind));
        services.put(kind, started);
        return started;
    }

    private ServiceProcess launch(ServiceKind kind, Launch launch) throws IOException {
        return ServiceProcess.startService(
                kind.module(), launch.jar(), List.of(), launch.url(), launch.environment(), launch.log());
    }

    /** One regional tracker for {@link #startRegions}: region {@code name}'s, listening at {@code url}. */
    public record Region(String name, URI url, Map<String, String> environment, Path log) {}

    /**
     * Starts one more region-service per {@code regions}, side by side: a regional tracker for region {@code name},
     * listening at {@code url} (its host may be a loopback alias such as 127.2.0.1, so its own connections come from
     * the region), with a database of its own and the master tracker as its master; {@code environment} adds to or
     * overrides that. Returns once every one is ready; the network stops them when it closes, or {@link #stopRegions}
     * before.
     */
    public void startRegions(List<Region> toStart) throws IOException {
        ServicesReady.await(launchRegions(toStart), StartupProgress.silent());
    }

    private List<ServiceProcess> launchRegions(List<Region> toStart) throws IOException {
        List<ServiceProcess> started = new ArrayList<>();
        for (Region region : toStart) {
            // A database of its own each time: a region started again (another run of a test) starts afresh.
            Database database = postgres.createDatabase(
                    "region_" + region.name().replace('-', '_') + "_" + regionDatabases.incrementAndGet());
            Map<String, String> env = new HashMap<>();
            database.registerAsDataSource((key, value) -> env.put(
                    key.toUpperCase(Locale.ROOT).replace('.', '_'), value.get().toString()));
            env.put("SERVER_ADDRESS", region.url().getHost());
            env.put("SERVER_PORT", Integer.toString(region.url().getPort()));
            env.put("OSSNET_REGION_PUBLIC_URL", region.url().toString());
            env.put("OSSNET_REGION_NAME", region.name());
            env.put("OSSNET_REGION_MASTER_URL", url(ServiceKind.TRACKER).toString());
            env.putAll(region.environment());
            ServiceProcess process = ServiceProcess.startService(
                    ServiceKind.REGION.module() + "-" + region.name(),
                    jars.service(ServiceKind.REGION),
                    List.of(),
                    region.url(),
                    env,
                    region.log());
            regions.put(region.name(), process);
            started.add(process);
        }
        return started;
    }

    /**
     * Stops the regional trackers of {@code names} that {@link #startRegions} started, side by side and gracefully,
     * except one that trains a start-up cache that another (an earlier region's) has written meanwhile: that one is
     * killed, as {@link #close} does.
     */
    public void stopRegions(List<String> names) {
        List<ServiceProcess> stopping = new ArrayList<>();
        for (String name : names) {
            ServiceProcess process = regions.remove(name);
            if (process != null) {
                if (process.trainsInVain()) {
                    process.kill();
                }
                process.requestStop();
                stopping.add(process);
            }
        }
        stopping.forEach(process -> process.awaitStopped(30));
    }

    /** The publisher token the tracker was started with ({@code OSSNET_TOKEN} in the env file). */
    public String publisherToken() {
        return secrets.publisherToken;
    }

    /** The {@code ossnet://} name of the published demo collection. */
    public URI demo() {
        return demo;
    }

    /** The base URL of the origin's HTTP server, which serves the demo tree (the torrents' web seed). */
    public URI originUrl() {
        return origin.url();
    }

    /**
     * Stops the origin (SIGTERM, killed if it takes over 30 seconds) and returns once it has gone: nothing serves the
     * demo tree at {@link #originUrl} or seeds its swarms any more, as when the master mirror is down. For tests of
     * what clients do then; the services keep running, and {@link #close} stops them as before.
     */
    public void stopOrigin() {
        origin.requestStop();
        origin.awaitStopped(30);
    }

    /** The env file clients source: {@code KEY=value} lines. */
    public Path envFile() {
        return envFile;
    }

    /** Where this network keeps its env file, {@code logs/<service>.log}, the demo tree and the origin's home. */
    public Path workDirectory() {
        return envFile.getParent();
    }

    /**
     * The tree published as the demo collection, which the origin serves and seeds: the publisher's copy, to compare
     * downloads with, or to change and publish again in a test that owns the network.
     */
    public Path demoTree() {
        return workDirectory().resolve(DemoCollection.TREE);
    }

    /** Finds a child that exited on its own, if any. */
    String deadService() {
        return Stream.concat(services.values().stream(), Stream.ofNullable(origin))
                .filter(service -> !service.isAlive())
                .map(service -> service.name() + " exited (log: " + service.log() + "):\n" + service.logTail(40))
                .findFirst()
                .orElse(null);
    }

    /** Whether a service writes its start-up cache when it stops, which makes stopping take longer. */
    boolean savesStartCaches() {
        return Stream.concat(services.values().stream(), regions.values().stream())
                .anyMatch(ServiceProcess::trainsCache);
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Stops the origin and the services gracefully, then the database, and removes the env file. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Files.deleteIfExists(envFile);
        } catch (IOException e) {
            System.err.println("Could not remove " + envFile + ": " + e.getMessage());
        }
        List<ServiceProcess> children = Stream.concat(
                        Stream.concat(Stream.ofNullable(origin), regions.values().stream()), services.values().stream())
                .toList();
        // A run that trains a start-up cache another network has written meanwhile (tests start several networks)
        // is killed: it would only spend its stop writing another.
        children.stream().filter(ServiceProcess::trainsInVain).forEach(ServiceProcess::kill);
        children.forEach(ServiceProcess::requestStop);
        children.forEach(child -> child.awaitStopped(30));
        postgres.close();
    }

    private URI publicTrackerUrl(LocalNetworkOptions options) {
        String override = options.environment()
                .getOrDefault(ServiceKind.TRACKER, Map.of())
                .get("OSSNET_TRACKER_PUBLIC_URL");
        return override != null ? URI.create(override) : url(ServiceKind.TRACKER);
    }

    private Map<String, String> environment(
            ServiceKind kind, URI url, Map<String, Integer> ports, URI publicTrackerUrl) {
        Database database = postgres.createDatabase(kind.database());
        databases.put(kind, database);
        Map<String, String> env = new HashMap<>();
        database.registerAsDataSource((name, value) -> env.put(
                name.toUpperCase(Locale.ROOT).replace('.', '_'), value.get().toString()));
        env.put("SERVER_ADDRESS", HOST);
        env.put("SERVER_PORT", Integer.toString(url.getPort()));
        env.put("OSSNET_" + kind.database().toUpperCase(Locale.ROOT) + "_PUBLIC_URL", url.toString());
        URI signing = URI.create("http://" + HOST + ":" + ports.get(ServiceKind.SIGNING.module()));
        URI stats = URI.create("http://" + HOST + ":" + ports.get(ServiceKind.STATS.module()));
        switch (kind) {
            case TRACKER -> {
                env.put("OSSNET_TRACKER_BOOTSTRAP_PUBLISHER_TOKEN", secrets.publisherToken);
                env.put("OSSNET_TRACKER_SIGNING_URL", signing.toString());
                env.put("OSSNET_TRACKER_SIGNING_TOKEN", secrets.signingToken);
                env.put("OSSNET_TRACKER_ANNOUNCE_BIND_ADDRESS", HOST);
                env.put("OSSNET_TRACKER_ANNOUNCE_PORT", Integer.toString(ports.get(Ports.TRACKER_ANNOUNCE)));
                // Everything here is on loopback, mirrors included.
                env.put("OSSNET_TRACKER_MIRRORS_ALLOWPRIVATEADDRESSES", "true");
                // Download events (agents' reports, completed announces) go on to stats-service.
                env.put("OSSNET_TRACKER_STATS_URL", stats.toString());
                env.put("OSSNET_TRACKER_STATS_TOKEN", secrets.statsIngestToken);
                env.put("OSSNET_TRACKER_BOOTSTRAP_REPORT_TOKEN", secrets.reportToken);
            }
            case STATS -> {
                env.put("OSSNET_STATS_CLIENTS_TRACKER_TOKENSHA256", Jars.sha256Hex(secrets.statsIngestToken));
                env.put("OSSNET_STATS_CLIENTS_TRACKER_ROLES", "ingest");
                env.put("OSSNET_STATS_CLIENTS_DASHBOARD_TOKENSHA256", Jars.sha256Hex(secrets.statsReadToken));
                env.put("OSSNET_STATS_CLIENTS_DASHBOARD_ROLES", "read");
            }
            case SIGNING -> {
                env.put("OSSNET_SIGNING_KEY_PASSPHRASE", secrets.keyPassphrase);
                env.put("OSSNET_SIGNING_CLIENTS_TRACKER_TOKENSHA256", Jars.sha256Hex(secrets.signingToken));
                // The tracker relays the publisher's mirror enrolments and revocations: only it reaches the CA.
                env.put(
                        "OSSNET_SIGNING_CLIENTS_TRACKER_ROLES",
                        "sign-snapshot,sign-region-authority,issue-mirror-credentials");
                // The CA certifies mirrors of the tracker's publisher: the authority of its public URL.
                env.put("OSSNET_SIGNING_MIRRORS_PUBLISHER", publicTrackerUrl.getRawAuthority());
                // The tracker's names are ossnet://<authority of its public URL>/…, and only those may it have signed.
                env.put(
                        "OSSNET_SIGNING_CLIENTS_TRACKER_NAMESPACES",
                        "ossnet://" + publicTrackerUrl.getRawAuthority() + "/");
            }
            case REGION ->
                env.put("OSSNET_REGION_MASTER_URL", "http://" + HOST + ":" + ports.get(ServiceKind.TRACKER.module()));
            default -> {}
        }
        return env;
    }

    private void writeEnvFile() throws IOException {
        StringBuilder env = new StringBuilder("# Written by ./ossnet local; removed when it stops.\n");
        services.forEach((kind, service) -> env.append("OSSNET_")
                .append(kind.database().toUpperCase(Locale.ROOT))
                .append("_URL=")
                .append(service.url())
                .append('\n'));
        env.append("OSSNET_ORIGIN_URL=").append(origin.url()).append('\n');
        env.append("OSSNET_DEMO=").append(demo).append('\n');
        env.append("OSSNET_TOKEN=").append(secrets.publisherToken).append('\n');
        env.append("OSSNET_STATS_READ_TOKEN=").append(secrets.statsReadToken).append('\n');
        // For benchmarks and experiments that feed statistics directly: stats-service's ingest token, the tracker's
        // report token, and stats-service's database as a libpq URL (psql "$OSSNET_STATS_DATABASE_URL").
        env.append("OSSNET_STATS_INGEST_TOKEN=")
                .append(secrets.statsIngestToken)
                .append('\n');
        env.append("OSSNET_REPORT_TOKEN=").append(secrets.reportToken).append('\n');
        env.append("OSSNET_STATS_DATABASE_URL=")
                .append(libpqUrl(databases.get(ServiceKind.STATS)))
                .append('\n');
        // Every run has a new database and publisher key: a client home of its own keeps the pinned
        // key and the last-seen versions of this run apart from the user's real ones.
        env.append("OSSNET_HOME=").append(clientHome).append('\n');
        // The token is a credential: the file is readable by its owner only, and appears whole or not at all.
        Path temporary = Files.createTempFile(
                envFile.getParent(),
                "env",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, env);
        Files.move(temporary, envFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** {@code postgresql://user:password@host:port/name} from the database's JDBC URL. */
    private static String libpqUrl(Database database) {
        String address = database.jdbcUrl().substring("jdbc:postgresql://".length());
        return "postgresql://" + URLEncoder.encode(database.username(), StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(database.password(), StandardCharsets.UTF_8) + "@" + address;
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path :
                        paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    static Path fresh(Path logs, String name) throws IOException {
        Path log = logs.resolve(name + ".log");
        Files.deleteIfExists(log);
        return log;
    }

    private static String random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** {@code ./ossnet local}: runs the network until Ctrl-C or SIGTERM; exit 2 on bad usage. */
    public static void main(String[] args) throws InterruptedException {
        LocalNetworkMain.run(args);
    }
}
