package org.ossnet.agent.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.ossnet.agent.credential.MirrorCredentials;
import org.ossnet.agent.tracker.TrackerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ossnet mirror renew}: renews the stored certificates now, as {@code ossnet mirror run} does on its own at
 * half their lifetime.
 */
@Command(
        addMethodSubcommands = false,
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
    StoredCredentialOptions selection;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            StoredCredentialOptions.Selection chosen = selection.select(mirror.root.env());
            for (var stored : chosen.stored()) {
                try {
                    MirrorCredentials.Stored renewed = chosen.credentials().renew(stored);
                    out.println("renewed mirror " + renewed.credential().mirror() + " of " + stored.publisher()
                            + ": certificate "
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
            if (chosen.stored().isEmpty()) {
                err.println("ossnet mirror renew: no mirror credential stored under "
                        + chosen.home().config());
                return ExitCodes.NOT_FOUND;
            }
            return ExitCodes.OK;
        } catch (Exception e) {
            return Failures.report("mirror renew", e, err);
        }
    }
}
