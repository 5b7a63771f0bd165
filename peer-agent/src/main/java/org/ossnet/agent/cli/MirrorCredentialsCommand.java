package org.ossnet.agent.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.ossnet.agent.credential.MirrorCredentials;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.name.OssnetName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ossnet mirror credentials}: the mirror's stored credentials, checked now against the pinned CA and the
 * tracker's revocation list. Never prints the private key.
 */
@Command(
        addMethodSubcommands = false,
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
    StoredCredentialOptions selection;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            StoredCredentialOptions.Selection chosen = selection.select(mirror.root.env());
            int exit = ExitCodes.OK;
            for (var stored : chosen.stored()) {
                exit = Math.max(exit, print(chosen.credentials().status(stored), out));
            }
            out.flush();
            if (chosen.stored().isEmpty()) {
                err.println("ossnet mirror credentials: no mirror credential stored under "
                        + chosen.home().config() + "; enrol with 'ossnet mirror enroll'");
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
