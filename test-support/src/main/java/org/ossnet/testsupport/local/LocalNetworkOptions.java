package org.ossnet.testsupport.local;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What {@code ./ossnet local} was asked for.
 *
 * @param repository the checkout whose {@code <module>/target} directories hold the jars
 * @param workDirectory where the env file, the logs, the demo tree and the agent's state go
 * @param ports the port of each service (by module name) and of the origin ({@code origin}); 0
 *     picks a free one
 * @param environment extra environment variables per service, applied last (tests use this to
 *     shorten snapshot validity or put a proxy in front of the tracker)
 */
public record LocalNetworkOptions(
        Path repository,
        Path workDirectory,
        Map<String, Integer> ports,
        Map<ServiceKind, Map<String, String>> environment) {

    static final String USAGE = """
            Usage: ossnet local [--tracker-port N] [--signing-port N] [--stats-port N] [--region-port N]
                                [--origin-port N] [--tracker-announce-port N] [--work DIR]
            Starts tracker-, signing-, stats- and region-service on one embedded PostgreSQL, an
            origin agent seeding a sample tree published as collection 'demo' (swarm and HTTP), and writes what a
            client needs to DIR/env (default ./.ossnet-local/env).
            Ports default to 8080, 8081, 8082, 8083, 8090 (origin) and 6969 (the tracker's announce
            listener); 0 picks a free port.
            Stop with Ctrl-C.
            """;

    static final int DEFAULT_ORIGIN_PORT = 8090;
    static final int DEFAULT_TRACKER_ANNOUNCE_PORT = 6969;

    public LocalNetworkOptions {
        ports = Map.copyOf(ports);
        environment = Map.copyOf(environment);
    }

    /** The defaults: the standard ports, everything under {@code ./.ossnet-local}. */
    public static LocalNetworkOptions defaults(Path repository) {
        Map<String, Integer> ports = new HashMap<>();
        for (ServiceKind kind : ServiceKind.values()) {
            ports.put(kind.module(), kind.defaultPort());
        }
        ports.put(Ports.ORIGIN, DEFAULT_ORIGIN_PORT);
        ports.put(Ports.TRACKER_ANNOUNCE, DEFAULT_TRACKER_ANNOUNCE_PORT);
        return new LocalNetworkOptions(repository, Path.of(".ossnet-local").toAbsolutePath(), ports, Map.of());
    }

    /** The same options with every port chosen freely: what tests want. */
    public LocalNetworkOptions withFreePorts() {
        Map<String, Integer> free = new HashMap<>();
        ports.keySet().forEach(name -> free.put(name, 0));
        return new LocalNetworkOptions(repository, workDirectory, free, environment);
    }

    /** The same options with one port fixed (by module name, or {@code origin}). */
    public LocalNetworkOptions withPort(String name, int port) {
        Map<String, Integer> changed = new HashMap<>(ports);
        changed.put(name, port);
        return new LocalNetworkOptions(repository, workDirectory, changed, environment);
    }

    /** The same options with another work directory. */
    public LocalNetworkOptions withWorkDirectory(Path directory) {
        return new LocalNetworkOptions(repository, directory.toAbsolutePath(), ports, environment);
    }

    /** The same options with extra environment for the given service. */
    public LocalNetworkOptions withEnvironment(ServiceKind kind, Map<String, String> extra) {
        Map<ServiceKind, Map<String, String>> merged = new HashMap<>(environment);
        Map<String, String> forKind = new HashMap<>(merged.getOrDefault(kind, Map.of()));
        forKind.putAll(extra);
        merged.put(kind, forKind);
        return new LocalNetworkOptions(repository, workDirectory, ports, merged);
    }

    /** Parses the command line; throws {@link IllegalArgumentException} with a message for the user. */
    static LocalNetworkOptions parse(String[] args, Path repository) {
        LocalNetworkOptions options = defaults(repository);
        Map<String, Integer> ports = new HashMap<>(options.ports());
        Path work = options.workDirectory();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Unknown option or missing value: " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--tracker-port" -> ports.put(ServiceKind.TRACKER.module(), port(option, value));
                case "--signing-port" -> ports.put(ServiceKind.SIGNING.module(), port(option, value));
                case "--stats-port" -> ports.put(ServiceKind.STATS.module(), port(option, value));
                case "--region-port" -> ports.put(ServiceKind.REGION.module(), port(option, value));
                case "--origin-port" -> ports.put(Ports.ORIGIN, port(option, value));
                case "--tracker-announce-port" -> ports.put(Ports.TRACKER_ANNOUNCE, port(option, value));
                case "--work" -> work = Path.of(value).toAbsolutePath();
                default -> throw new IllegalArgumentException("Unknown option: " + option);
            }
        }
        return new LocalNetworkOptions(repository, work, ports, Map.of());
    }

    private static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Fall through to the message below, which says what is wanted.
        }
        throw new IllegalArgumentException(option + " needs a port number from 0 to 65535, not '" + value + "'");
    }
}
