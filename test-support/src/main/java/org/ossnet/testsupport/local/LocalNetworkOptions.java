package org.ossnet.testsupport.local;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * What {@code ./ossnet local} was asked for.
 *
 * @param repository the checkout whose {@code <module>/target} directories hold the service jars
 * @param workDirectory where the env file and the service logs go ({@code .ossnet-local})
 * @param ports the port of each service; 0 picks a free one
 */
public record LocalNetworkOptions(Path repository, Path workDirectory, Map<ServiceKind, Integer> ports) {

    static final String USAGE = """
            Usage: ossnet local [--tracker-port N] [--signing-port N] [--stats-port N] [--region-port N]
                                [--work DIR]
            Starts tracker-, signing-, stats- and region-service on one embedded PostgreSQL and
            writes what a client needs to DIR/env (default ./.ossnet-local/env).
            Ports default to 8080, 8081, 8082 and 8083; 0 picks a free port. Stop with Ctrl-C.
            """;

    public LocalNetworkOptions {
        ports = Map.copyOf(ports);
    }

    /** The defaults: the standard ports, the env file under the current directory. */
    static LocalNetworkOptions defaults(Path repository) {
        Map<ServiceKind, Integer> ports = new EnumMap<>(ServiceKind.class);
        for (ServiceKind kind : ServiceKind.values()) {
            ports.put(kind, kind.defaultPort());
        }
        return new LocalNetworkOptions(repository, Path.of(".ossnet-local").toAbsolutePath(), ports);
    }

    /** Parses the command line; throws {@link IllegalArgumentException} with a message for the user. */
    static LocalNetworkOptions parse(String[] args, Path repository) {
        LocalNetworkOptions options = defaults(repository);
        Map<ServiceKind, Integer> ports = new EnumMap<>(options.ports());
        Path work = options.workDirectory();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Unknown option or missing value: " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--tracker-port" -> ports.put(ServiceKind.TRACKER, port(option, value));
                case "--signing-port" -> ports.put(ServiceKind.SIGNING, port(option, value));
                case "--stats-port" -> ports.put(ServiceKind.STATS, port(option, value));
                case "--region-port" -> ports.put(ServiceKind.REGION, port(option, value));
                case "--work" -> work = Path.of(value).toAbsolutePath();
                default -> throw new IllegalArgumentException("Unknown option: " + option);
            }
        }
        return new LocalNetworkOptions(repository, work, ports);
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
