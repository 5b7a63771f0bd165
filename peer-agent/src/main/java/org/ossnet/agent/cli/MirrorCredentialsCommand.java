package org.ossnet.agent.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.ossnet.agent.credential.CredentialFiles;
import org.ossnet.agent.credential.MirrorCredentials;
import org.ossnet.agent.home.AgentHome;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.trust.TrustStore;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.name.OssnetName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ossnet mirror credentials}: the mirror's stored credentials, checked now against the pinned CA and the
 * tracker's revocation list. Never prints the private key.
 */
@Command(
        name = "credentials",
        mixinStandardHelpOptions = true,
        description = {
            "Show this mirror's credentials: per publisher the mirror name, certificate serial, prefixes, not-after"
                    + " and revocation status, checked against the pinned CA and the tracker's current revocation"
                    + " list (verified with the publisher's key).",
            "Exit codes: 0 every credential is valid and not revoked; 8 none is stored (or none for --publisher);"
                    + " 13 one is refused (revoked, expired, or no current revocation list); 11 the revocation status"
                    + " of one could not be learnt (tracker unreachable, list unverifiable)."
        })
final class MirrorCredentialsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    MirrorCommand mirror;

    @Mixin
    AgentOptions options;

    @Option(names = "--publisher", paramLabel = "HOST[:PORT]", description = "Only this publisher's credential.")
    String publisher;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            AgentHome home = options.home(mirror.root.env());
            CredentialFiles files = new CredentialFiles(home);
            List<String> publishers = publisher == null ? files.publishers() : List.of(publisher);
            MirrorCredentials credentials = new MirrorCredentials(
                    new TrackerClient(options.insecureHttp(mirror.root.env())),
                    files,
                    new TrustStore(home.trustDirectory()),
                    Clock.systemUTC());
            int exit = ExitCodes.OK;
            boolean any = false;
            for (String p : publishers) {
                var stored = files.load(p);
                if (stored.isEmpty()) {
                    continue;
                }
                any = true;
                exit = Math.max(exit, print(credentials.status(stored.get()), out));
            }
            out.flush();
            if (!any) {
                err.println("ossnet mirror credentials: no mirror credential stored under " + home.config()
                        + "; enrol with 'ossnet mirror enroll'");
                return ExitCodes.NOT_FOUND;
            }
            return exit;
        } catch (Exception e) {
            return Failures.report("mirror credentials", e, err);
        }
    }

    private static int print(MirrorCredentials.Status status, PrintWriter out) {
        Instant now = Instant.now();
        var credential = status.credential();
        out.println(status.stored().publisher() + " (through " + status.stored().tracker() + ")");
        out.println("  mirror     " + credential.mirror());
        out.println("  serial     " + credential.serialHex());
        out.println("  prefixes   "
                + String.join(
                        " ",
                        credential.prefixes().stream().map(OssnetName::format).toList()));
        Duration left = Duration.between(now, credential.notAfter());
        out.println("  not after  " + credential.notAfter()
                + (left.isNegative() ? " (expired)" : " (in " + left.toMinutes() + " min)"));
        if (status.unknown().isPresent()) {
            out.println("  revocation unknown: " + status.unknown().get());
            return ExitCodes.UNAVAILABLE;
        }
        if (status.refusal().isPresent()) {
            CredentialException refusal = status.refusal().get();
            String word = refusal.reason() == CredentialException.Reason.REVOKED ? "REVOKED" : "REFUSED";
            out.println("  revocation " + word + ": " + refusal.getMessage());
            return ExitCodes.CREDENTIAL_REFUSED;
        }
        var list = status.list().orElseThrow();
        out.println("  revocation not revoked (revocation list version " + list.version() + ", expires "
                + list.expires() + ")");
        return ExitCodes.OK;
    }
}
