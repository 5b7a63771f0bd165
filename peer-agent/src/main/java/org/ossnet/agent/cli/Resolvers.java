package org.ossnet.agent.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.function.Function;
import org.ossnet.agent.home.AgentHome;
import org.ossnet.agent.resolve.NameResolver;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.trust.LastSeenVersions;
import org.ossnet.agent.trust.SnapshotVerifier;
import org.ossnet.agent.trust.TrustStore;

/** Builds the {@link NameResolver} the reading commands share, from their options. */
final class Resolvers {

    private Resolvers() {}

    static NameResolver create(
            AgentOptions options, Function<String, String> env, boolean noTofu, PrintWriter warnings) {
        AgentHome home = options.home(env);
        return new NameResolver(
                new TrackerClient(options.insecureHttp(env)),
                new TrustStore(home.trustDirectory()),
                new SnapshotVerifier(new LastSeenVersions(home.lastSeenFile()), Clock.systemUTC()),
                !noTofu,
                warnings);
    }
}
