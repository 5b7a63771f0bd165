package org.ossnet.testsupport.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ossnet.testsupport.http.HttpProbe;
import org.ossnet.testsupport.postgres.Database;
import org.ossnet.testsupport.postgres.EmbeddedPostgresServer;

/**
 * The whole OSSNET network on one machine: an embedded PostgreSQL with a database per service,
 * the four services as child JVMs on loopback, and {@code .ossnet-local/env} for clients.
 *
 * <p>{@link #main} is what {@code ./ossnet local} runs; system tests use {@link #start} directly.
 */
public final class LocalNetwork implements AutoCloseable {

    /** How long the services together may take to become ready. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(150);

    private static final String HOST = "127.0.0.1";

    private final EmbeddedPostgresServer postgres;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Path envFile;
    private final String token;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalNetwork(EmbeddedPostgresServer postgres, Path envFile, String token) {
        this.postgres = postgres;
        this.envFile = envFile;
        this.token = token;
    }

    /** Starts everything and returns once every service reports ready; throws and cleans up otherwise. */
    public static LocalNetwork start(LocalNetworkOptions options) throws IOException {
        Map<ServiceKind, Path> jars = findJars(options.repository());
        Map<ServiceKind, Integer> ports = choosePorts(options.ports());
        Path logs = Files.createDirectories(options.workDirectory().resolve("logs"));
        LocalNetwork network = new LocalNetwork(
                EmbeddedPostgresServer.start(), options.workDirectory().resolve("env"), randomToken());
        try {
            for (ServiceKind kind : ServiceKind.values()) {
                URI url = URI.create("http://" + HOST + ":" + ports.get(kind));
                Path log = logs.resolve(kind.module() + ".log");
                Files.deleteIfExists(log);
                network.services.add(
                        ServiceProcess.start(kind, jars.get(kind), url, network.environment(kind, url, ports), log));
            }
            for (ServiceProcess service : network.services) {
                if (!HttpProbe.awaitReady(service.url(), READY_TIMEOUT, service::isAlive)) {
                    throw new IllegalStateException(service.kind().module() + " did not become ready at "
                            + service.url() + " (log: " + service.log() + "):\n" + service.logTail(40));
                }
            }
            network.writeEnvFile();
            return network;
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** The base URL of one service. */
    public URI url(ServiceKind kind) {
        return services.stream()
                .filter(service -> service.kind() == kind)
                .findFirst()
                .orElseThrow()
                .url();
    }

    /** The env file clients source: {@code KEY=value} lines. */
    public Path envFile() {
        return envFile;
    }

    /** Finds a service that exited on its own, if any. */
    String deadService() {
        return services.stream()
                .filter(service -> !service.isAlive())
                .map(service ->
                        service.kind().module() + " exited (log: " + service.log() + "):\n" + service.logTail(40))
                .findFirst()
                .orElse(null);
    }

    /** Stops the services gracefully, then the database, and removes the env file. Idempotent. */
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
        services.forEach(ServiceProcess::requestStop);
        services.forEach(service -> service.awaitStopped(30));
        postgres.close();
    }

    private Map<String, String> environment(ServiceKind kind, URI url, Map<ServiceKind, Integer> ports) {
        Database database = postgres.createDatabase(kind.database());
        Map<String, String> env = new HashMap<>();
        env.put("SPRING_DATASOURCE_URL", database.jdbcUrl());
        env.put("SPRING_DATASOURCE_USERNAME", database.username());
        env.put("SPRING_DATASOURCE_PASSWORD", database.password());
        env.put("SERVER_ADDRESS", HOST);
        env.put("SERVER_PORT", Integer.toString(url.getPort()));
        env.put("OSSNET_" + kind.database().toUpperCase(Locale.ROOT) + "_PUBLIC_URL", url.toString());
        switch (kind) {
            case TRACKER -> env.put("OSSNET_TRACKER_BOOTSTRAP_PUBLISHER_TOKEN", token);
            case REGION -> env.put("OSSNET_REGION_MASTER_URL", "http://" + HOST + ":" + ports.get(ServiceKind.TRACKER));
            default -> {}
        }
        return env;
    }

    private void writeEnvFile() throws IOException {
        StringBuilder env = new StringBuilder("# Written by ./ossnet local; removed when it stops.\n");
        for (ServiceProcess service : services) {
            env.append("OSSNET_")
                    .append(service.kind().database().toUpperCase(Locale.ROOT))
                    .append("_URL=")
                    .append(service.url())
                    .append('\n');
        }
        env.append("OSSNET_TOKEN=").append(token).append('\n');
        // The token is a credential: the file is readable by its owner only, and appears whole or not at all.
        Path temporary = Files.createTempFile(
                envFile.getParent(),
                "env",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, env);
        Files.move(temporary, envFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Map<ServiceKind, Path> findJars(Path repository) throws IOException {
        Map<ServiceKind, Path> jars = new EnumMap<>(ServiceKind.class);
        for (ServiceKind kind : ServiceKind.values()) {
            Path target = repository.resolve(kind.module()).resolve("target");
            if (Files.isDirectory(target)) {
                try (DirectoryStream<Path> found = Files.newDirectoryStream(target, kind.module() + "-*.jar")) {
                    found.forEach(jar -> jars.put(kind, jar));
                }
            }
            if (!jars.containsKey(kind)) {
                throw new IllegalStateException("No packaged " + kind.module() + " in " + target
                        + ": build it first with ./mvnw -DskipTests package");
            }
        }
        return jars;
    }

    private static Map<ServiceKind, Integer> choosePorts(Map<ServiceKind, Integer> requested) throws IOException {
        Map<ServiceKind, Integer> ports = new EnumMap<>(ServiceKind.class);
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (ServiceKind kind : ServiceKind.values()) {
                int port = requested.get(kind);
                try {
                    // Hold every socket until all are chosen, so two services never get the same free port.
                    ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST));
                    held.add(socket);
                    ports.put(kind, socket.getLocalPort());
                } catch (IOException e) {
                    throw new IllegalArgumentException("Port " + port + " on " + HOST + " is in use, so "
                            + kind.module() + " cannot listen there; choose another with --"
                            + kind.database() + "-port N (0 picks a free one)");
                }
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return ports;
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** {@code ./ossnet local}: runs the network until Ctrl-C or SIGTERM; exit 2 on bad usage. */
    public static void main(String[] args) throws InterruptedException {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(LocalNetworkOptions.USAGE);
            return;
        }
        Path repository =
                Path.of(System.getProperty("ossnet.repo", ".")).toAbsolutePath().normalize();
        LocalNetwork network;
        try {
            LocalNetworkOptions options = LocalNetworkOptions.parse(args, repository);
            System.out.println("Starting PostgreSQL and the four OSSNET services ...");
            network = start(options);
        } catch (IllegalArgumentException e) {
            System.err.println("ossnet local: " + e.getMessage());
            System.err.print(LocalNetworkOptions.USAGE);
            System.exit(2);
            return;
        } catch (IOException | RuntimeException e) {
            System.err.println("ossnet local: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("Stopping the OSSNET services and PostgreSQL ...");
                            network.close();
                            System.out.println("Stopped.");
                        },
                        "ossnet-local-stop"));
        printBanner(network);
        while (true) {
            Thread.sleep(1000);
            String dead = network.deadService();
            if (dead != null && !network.closed.get()) {
                System.err.println("ossnet local: " + dead);
                System.exit(1);
            }
        }
    }

    private static void printBanner(LocalNetwork network) {
        System.out.println();
        System.out.println("OSSNET is running locally:");
        for (ServiceKind kind : ServiceKind.values()) {
            System.out.printf("  %-16s %s%n", kind.module(), network.url(kind));
        }
        System.out.println();
        System.out.println("Client settings (URLs and OSSNET_TOKEN) are in " + network.envFile() + ":");
        System.out.println("  set -a; . " + network.envFile() + "; set +a");
        System.out.println("  curl -H \"Authorization: Bearer $OSSNET_TOKEN\" $OSSNET_TRACKER_URL/api/v1/whoami");
        System.out.println("Service logs are in " + network.envFile().resolveSibling("logs") + ".");
        System.out.println("Press Ctrl-C to stop.");
    }
}
