package org.ossnet.agent.cli;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.ossnet.agent.credential.CredentialFiles;
import org.ossnet.agent.credential.MirrorCredentials;
import org.ossnet.agent.home.AgentHome;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.trust.TrustStore;
import org.ossnet.core.credential.CredentialException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code mirror credentials} and {@code mirror renew} share: the agent home, {@code --publisher}, and the mirror
 * credentials stored there for that publisher (or for every one).
 */
@Command(addMethodSubcommands = false)
final class StoredCredentialOptions {

    @Mixin
    AgentOptions options;

    @Option(names = "--publisher", paramLabel = "HOST[:PORT]", description = "Only this publisher's credential.")
    String publisher;

    /**
     * The credentials chosen and the service that checks and renews them through their trackers.
     *
     * @param home the agent home they are stored in
     * @param credentials the service over them
     * @param stored those stored for the chosen publisher, or for every publisher; empty when none is
     */
    record Selection(AgentHome home, MirrorCredentials credentials, List<CredentialFiles.Stored> stored) {}

    Selection select(Function<String, String> env) throws IOException, CredentialException {
        AgentHome home = options.home(env);
        CredentialFiles files = new CredentialFiles(home);
        MirrorCredentials credentials = new MirrorCredentials(
                new TrackerClient(options.insecureHttp(env)),
                files,
                new TrustStore(home.trustDirectory()),
                Clock.systemUTC());
        List<CredentialFiles.Stored> stored = new ArrayList<>();
        for (String chosen : publisher == null ? files.publishers() : List.of(publisher)) {
            files.load(chosen).ifPresent(stored::add);
        }
        return new Selection(home, credentials, stored);
    }
}
