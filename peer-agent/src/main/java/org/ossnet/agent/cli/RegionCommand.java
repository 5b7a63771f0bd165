package org.ossnet.agent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.ossnet.agent.home.AgentHome;
import org.ossnet.agent.region.AcceptedRegions;
import org.ossnet.agent.trust.TrustStore;
import org.ossnet.core.pgp.OpenPgpPublicKey;
import org.ossnet.core.pgp.SignatureVerifier;
import org.ossnet.core.region.RegionAuthority;
import org.ossnet.core.region.RegionAuthorityCodec;
import org.ossnet.core.region.RegionAuthorityVerifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ossnet region}: provisions and lists the region authorities this agent has accepted, so that a host placed in
 * a region can resolve and download through its regional tracker even while the master tracker is down.
 */
@Command(
        addMethodSubcommands = false,
        name = "region",
        mixinStandardHelpOptions = true,
        description = "Accept and list the region authorities used when the master tracker is unreachable.",
        subcommands = {RegionCommand.Add.class, RegionCommand.ListRegions.class})
final class RegionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @ParentCommand
    OssnetCli root;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: add or list");
    }

    /** {@code ossnet region add FILE --signature SIG}. */
    @Command(
            addMethodSubcommands = false,
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Verify a region authority with its publisher's pinned keys and accept it.",
                "The publisher is the one the authority names; pin its key first with ossnet trust add.",
                "Refused if the signature is bad, the authority is not valid now, is older than the one accepted"
                        + " for its region, or overlaps another accepted region of the publisher."
            })
    static final class Add implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @ParentCommand
        RegionCommand region;

        @Mixin
        AgentOptions options;

        @Parameters(index = "0", paramLabel = "FILE", description = "The region authority document (JSON).")
        Path document;

        @Option(
                names = "--signature",
                required = true,
                paramLabel = "SIG",
                description = "Its detached armored signature, made with the publisher's key.")
        Path signature;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                AgentHome home = options.home(region.root.env());
                // Bounded reads: one byte over the limit is enough for the codec and the verifier to refuse it.
                byte[] bytes = read(document, RegionAuthorityCodec.MAX_DOCUMENT_BYTES);
                byte[] armored = read(signature, SignatureVerifier.MAX_SIGNATURE_BYTES);
                // Unverified, only to learn whose keys must have signed it; what is accepted is what verify returns.
                String publisher = RegionAuthorityCodec.decode(bytes).publisher();
                List<OpenPgpPublicKey> keys = new TrustStore(home.trustDirectory()).keys(publisher);
                if (keys.isEmpty()) {
                    err.println("ossnet region add: no key is pinned for publisher " + publisher + "; pin one first"
                            + " with 'ossnet trust add " + publisher + " --key FILE' or '--fingerprint FPR'");
                    return ExitCodes.UNKNOWN_KEY;
                }
                Clock clock = Clock.systemUTC();
                RegionAuthority authority = new RegionAuthorityVerifier(new SignatureVerifier(keys), publisher, clock)
                        .verify(bytes, armored);
                AcceptedRegions accepted = new AcceptedRegions(home.regionsFile());
                accepted.accept(authority, clock.instant());
                spec.commandLine()
                        .getOut()
                        .println("accepted region " + authority.region() + " of " + publisher + ", version "
                                + authority.version() + ": trackers " + urls(authority.trackers()) + ", valid until "
                                + authority.expires() + "; kept in " + home.regionsFile());
                return ExitCodes.OK;
            } catch (NoSuchFileException e) {
                err.println("ossnet region add: no such file " + e.getFile());
                return ExitCodes.FAILURE;
            } catch (Exception e) {
                return Failures.report("region add", e, err);
            }
        }

        private static byte[] read(Path file, int maxBytes) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                return in.readNBytes(maxBytes + 1);
            }
        }
    }

    /** {@code ossnet region list}. */
    @Command(
            addMethodSubcommands = false,
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the accepted region authorities, the last accepted first per publisher.")
    static final class ListRegions implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @ParentCommand
        RegionCommand region;

        @Mixin
        AgentOptions options;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                Instant now = Instant.now();
                var all = new AcceptedRegions(options.home(region.root.env()).regionsFile()).accepted();
                all.forEach((publisher, regions) -> regions.forEach(accepted -> {
                    RegionAuthority a = accepted.authority();
                    out.println(publisher + "  " + a.region() + "  version " + a.version() + "  " + urls(a.trackers())
                            + "  expires " + a.expires() + "  " + state(a, now));
                }));
                out.flush();
                return ExitCodes.OK;
            } catch (Exception e) {
                return Failures.report("region list", e, spec.commandLine().getErr());
            }
        }

        private static String state(RegionAuthority authority, Instant now) {
            if (now.isBefore(authority.issued())) {
                return "not yet valid";
            }
            return authority.isValidAt(now) ? "valid" : "expired";
        }
    }

    private static String urls(List<URI> urls) {
        return urls.stream().map(URI::toString).collect(Collectors.joining(","));
    }
}
