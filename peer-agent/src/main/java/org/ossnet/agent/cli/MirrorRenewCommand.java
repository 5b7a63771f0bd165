package org.ossnet.agent.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.ossnet.agent.credential.CredentialFiles;
import org.ossnet.agent.credential.MirrorCredentials;
import org.ossnet.agent.home.AgentHome;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.tracker.TrackerException;
import org.ossnet.agent.trust.TrustStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ossnet mirror renew}: renews the stored certificates now, as {@code ossnet mirror run} does on its own at
 * half their lifetime.
 */
@Command(
        name = "renew",
        mixinStandardHelpOptions = true,
        description = {
            "Renew this mirror's certificates now, with the same key, through the tracker enrolled with"
                    + " ('ossnet mirror run' renews on its own at half a certificate's lifetime).",
            "Exit codes: 0 renewed; 8 no credential stored; 13 the CA refused the renewal (revoked, expired: enrol"
                    + " again) or the new certificate does not verify; 11 the tracker or the CA is unavailable; 1"
                    + " anything else."
        })
final class MirrorRenewCommand implements Callable<Integer> {

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
            MirrorCredentials credentials = new MirrorCredentials(
                    new TrackerClient(options.insecureHttp(mirror.root.env())),
                    files,
                    new TrustStore(home.trustDirectory()),
                    Clock.systemUTC());
            List<String> publishers = publisher == null ? files.publishers() : List.of(publisher);
            boolean any = false;
            for (String p : publishers) {
                var stored = files.load(p);
                if (stored.isEmpty()) {
                    continue;
                }
                any = true;
                try {
                    MirrorCredentials.Stored renewed = credentials.renew(stored.get());
                    out.println("renewed mirror " + renewed.credential().mirror() + " of " + p + ": certificate "
                            + renewed.credential().serialHex() + ", valid until "
                            + renewed.credential().notAfter());
                } catch (TrackerException e) {
                    if (e.status() == 401 || e.status() == 403) {
                        err.println("ossnet mirror renew: the CA refused the renewal (" + e.status() + "): "
                                + (e.detail() != null ? e.detail() : e.getMessage())
                                + "; enrol again with a new token");
                        return ExitCodes.CREDENTIAL_REFUSED;
                    }
                    throw e;
                }
            }
            out.flush();
            if (!any) {
                err.println("ossnet mirror renew: no mirror credential stored under " + home.config());
                return ExitCodes.NOT_FOUND;
            }
            return ExitCodes.OK;
        } catch (Exception e) {
            return Failures.report("mirror renew", e, err);
        }
    }
}
