package org.ossnet.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.StoreScope;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.ossnet.testsupport.local.LocalNetwork;
import org.ossnet.testsupport.local.LocalNetworkOptions;
import org.ossnet.testsupport.local.ServiceKind;

/**
 * One local network for every test class that declares {@code @ExtendWith(SharedNetwork.class)} and takes a
 * {@link LocalNetwork} parameter: started the first time such a test asks for it, then handed to every other one in
 * the same test JVM (failsafe runs them all in one), and closed when the JUnit launcher session ends. Starting a
 * network costs over a minute on two cores, more than most tests' own work. {@link SharedNetworkLast} runs these
 * classes after the others.
 *
 * <p>The tests that share it keep out of each other's way: they only read the demo collection, or publish into a
 * collection of their own with content of their own (the same bytes under the same file name would be the same
 * info-hash, so one swarm across collections); they never publish the demo again, stop the origin, or kill or restart
 * a service; they stop every process they start; and they count statistics and seeds of their own collection only,
 * or wait for other tests' lingering announces to expire. A test that cannot live by that starts a network of its
 * own with {@link LocalNetwork#start}.
 */
final class SharedNetwork implements ParameterResolver {

    /**
     * The tracker's announce intervals: short, so agents that start later learn of each other within seconds, a get
     * that asked before its seed was known asks again soon, and a peer that never said it stopped is forgotten after
     * two intervals.
     */
    static final Map<String, String> TRACKER_ENVIRONMENT = Map.of(
            "OSSNET_TRACKER_ANNOUNCEINTERVAL", "5s",
            "OSSNET_TRACKER_ANNOUNCEJITTER", "1s",
            "OSSNET_TRACKER_ANNOUNCEMININTERVAL", "2s");

    /** How long a peer that stopped without saying so stays in the tracker's swarms: twice the announce interval. */
    static final Duration PEER_EXPIRY = Duration.ofSeconds(10);

    /** Under {@code system-tests/target}, so its logs outlive a failed run for whoever reads the build's output. */
    static final Path WORK_DIRECTORY = Agent.REPOSITORY.resolve("system-tests/target/shared-network");

    private static final Namespace NAMESPACE = Namespace.create(SharedNetwork.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LocalNetwork.class;
    }

    @Override
    public LocalNetwork resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The launcher session's store outlives each class and each execution request, and closes what it holds,
        // an AutoCloseable, when the session ends.
        return context.getStore(StoreScope.LAUNCHER_SESSION, NAMESPACE)
                .computeIfAbsent(Started.class, key -> Started.start(), Started.class)
                .network();
    }

    /**
     * The network once started, or why it did not start: remembered, so the classes after the first fail at once with
     * the first one's reason instead of each trying again for minutes.
     */
    private static final class Started implements AutoCloseable {

        private final LocalNetwork network;
        private final RuntimeException failure;

        private Started(LocalNetwork network, RuntimeException failure) {
            this.network = network;
            this.failure = failure;
        }

        static Started start() {
            try {
                deleteTree(WORK_DIRECTORY);
                LocalNetwork network = LocalNetwork.start(LocalNetworkOptions.defaults(Agent.REPOSITORY)
                        .withFreePorts()
                        .withWorkDirectory(WORK_DIRECTORY)
                        .withEnvironment(ServiceKind.TRACKER, TRACKER_ENVIRONMENT));
                // Closed by the store at the end of the session; the hook is for a JVM that ends otherwise (failsafe's
                // fork timeout, Ctrl-C), so no service or PostgreSQL outlives it. Closing twice does nothing.
                Runtime.getRuntime().addShutdownHook(new Thread(network::close, "ossnet-shared-network-stop"));
                return new Started(network, null);
            } catch (IOException | RuntimeException e) {
                return new Started(null, new IllegalStateException("The shared local network did not start", e));
            }
        }

        LocalNetwork network() {
            if (failure != null) {
                throw new ParameterResolutionException(failure.getMessage(), failure);
            }
            return network;
        }

        @Override
        public void close() {
            if (network != null) {
                network.close();
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
