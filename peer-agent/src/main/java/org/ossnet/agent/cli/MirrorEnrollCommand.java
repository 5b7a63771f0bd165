package org.ossnet.agent.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.ossnet.agent.credential.CredentialFiles;
import org.ossnet.agent.credential.MirrorCredentials;
import org.ossnet.agent.home.AgentHome;
import org.ossnet.agent.publish.TokenSource;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.trust.TrustStore;
import org.ossnet.core.name.OssnetName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ossnet mirror enroll}: the mirror's one-time enrolment with the publisher's CA. The key pair is made here;
 * the private key is written with mode 0600 to the agent home and is never printed, logged or sent.
 */
@Command(
        addMethodSubcommands = false,
        name = "enroll",
        mixinStandardHelpOptions = true,
        description = {
            "Enrol this mirror with the publisher's mirror CA, through its tracker, using the one-time token the"
                    + " publisher created: makes an EC P-256 key pair here (the private key never leaves this"
                    + " machine), pins the CA certificate from the tracker's discovery, and stores the key (mode 0600)"
                    + " and the certificate under <home>/config/credentials/<publisher>/ once the certificate"
                    + " verifies against that CA.",
            "Exit codes: 0 enrolled; 2 usage; 3 a malformed name or token; 9 the token is unknown, expired or"
                    + " cancelled (401/403); 10 the token was used already (409); 11 the tracker or the CA is"
                    + " unavailable (503); 13 the certificate returned does not verify against the pinned CA, or the"
                    + " tracker names another CA than the one pinned before; 1 anything else (unreachable tracker)."
        })
final class MirrorEnrollCommand implements Callable<Integer> {

    /** The environment variable an enrolment token may come from instead of the command line. */
    static final String TOKEN_VARIABLE = "OSSNET_ENROLMENT_TOKEN";

    @Spec
    CommandSpec spec;

    @ParentCommand
    MirrorCommand mirror;

    @Mixin
    AgentOptions options;

    @Option(names = "--tracker", required = true, paramLabel = "URL", description = "The publisher's tracker.")
    URI tracker;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "The one-time enrolment token (ossnet-enrol-…). Other local users can see a command line"
                    + " while it runs: prefer --token-file or " + TOKEN_VARIABLE + ".")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "A file holding the enrolment token.")
    Path tokenFile;

    @Option(
            names = "--name",
            required = true,
            paramLabel = "NAME",
            description = "The mirror's name as the publisher enrolled it, a lower-case DNS name.")
    String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String enrolment = enrolmentToken();
            if (enrolment == null) {
                err.println("ossnet mirror enroll: give the enrolment token with --token, --token-file or "
                        + TOKEN_VARIABLE);
                return ExitCodes.USAGE;
            }
            if (!enrolment.matches("[\\x21-\\x7e]{1,200}")) {
                err.println("ossnet mirror enroll: the enrolment token is not one word of printable ASCII");
                return ExitCodes.BAD_INPUT;
            }
            AgentHome home = options.home(mirror.root.env());
            CredentialFiles files = new CredentialFiles(home);
            MirrorCredentials credentials = new MirrorCredentials(
                    new TrackerClient(options.insecureHttp(mirror.root.env())),
                    files,
                    new TrustStore(home.trustDirectory()),
                    Clock.systemUTC());
            MirrorCredentials.Stored stored = credentials.enroll(tracker, enrolment, name);
            out.println("enrolled mirror " + stored.credential().mirror() + " with publisher "
                    + stored.files().publisher());
            out.println("  certificate " + stored.credential().serialHex() + ", valid until "
                    + stored.credential().notAfter());
            out.println("  prefixes "
                    + String.join(
                            " ",
                            stored.credential().prefixes().stream()
                                    .map(OssnetName::format)
                                    .toList()));
            out.println("  mirror CA SHA-256 " + stored.caSha256() + " (pinned; compare it with the publisher's)");
            out.println("  key " + files.keyFile(stored.files().publisher()) + " (mode 0600), certificate "
                    + files.certificateFile(stored.files().publisher()));
            out.flush();
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            err.println("ossnet mirror enroll: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (Exception e) {
            return Failures.report("mirror enroll", e, err);
        }
    }

    private String enrolmentToken() throws TokenSource.TokenException {
        if (token != null) {
            return token.strip();
        }
        if (tokenFile != null) {
            return TokenSource.fromFile(tokenFile);
        }
        String fromEnvironment = mirror.root.env().apply(TOKEN_VARIABLE);
        return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment.strip();
    }
}
