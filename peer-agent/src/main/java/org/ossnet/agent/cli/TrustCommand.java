package org.ossnet.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.ossnet.agent.resolve.Fingerprints;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.agent.trust.TrustStore;
import org.ossnet.core.api.Discovery;
import org.ossnet.core.api.PublisherKey;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.pgp.OpenPgpPublicKey;
import org.ossnet.core.pgp.PgpKeyException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ossnet trust}: manages the pinned publisher keys, one keyring per publisher. */
@Command(
        addMethodSubcommands = false,
        name = "trust",
        mixinStandardHelpOptions = true,
        description = "Pin, list and remove the OpenPGP keys trusted to sign a publisher's snapshots.",
        subcommands = {TrustCommand.Add.class, TrustCommand.ListKeys.class, TrustCommand.Remove.class})
final class TrustCommand implements Runnable {

    private static final Pattern FINGERPRINT = Pattern.compile("[0-9A-F]{40}");

    @Spec
    CommandSpec spec;

    @ParentCommand
    OssnetCli root;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: add, list or remove");
    }

    /** Accepts {@code host[:port]} or any {@code ossnet://} name of the publisher. */
    static String publisher(String text) {
        return text.regionMatches(true, 0, "ossnet://", 0, 9)
                ? OssnetName.parse(text).publisher()
                : TrustStore.normalizePublisher(text);
    }

    /** {@code ossnet trust add PUBLISHER (--key FILE | --fingerprint FPR)}. */
    @Command(
            addMethodSubcommands = false,
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Pin a key for PUBLISHER, read from a key file or fetched from the publisher.",
                "With --fingerprint, the key comes from the publisher's discovery document and is pinned only if"
                        + " its own fingerprint is FPR."
            })
    static final class Add implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @ParentCommand
        TrustCommand trust;

        @Mixin
        AgentOptions options;

        @Parameters(index = "0", paramLabel = "PUBLISHER", description = "host[:port], as in ossnet:// names.")
        String publisher;

        @ArgGroup(multiplicity = "1")
        Source source;

        static final class Source {
            @Option(names = "--key", paramLabel = "FILE", description = "An ASCII-armored public key file.")
            Path key;

            @Option(
                    names = "--fingerprint",
                    paramLabel = "FPR",
                    description = "The expected fingerprint (40 hex digits, spaces allowed).")
            String fingerprint;
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                String name = publisher(publisher);
                TrustStore store = new TrustStore(options.home(trust.root.env()).trustDirectory());
                OpenPgpPublicKey key;
                if (source.key != null) {
                    key = OpenPgpPublicKey.parse(Files.readAllBytes(source.key));
                } else {
                    String wanted = Fingerprints.normalize(source.fingerprint);
                    if (!FINGERPRINT.matcher(wanted).matches()) {
                        throw new CommandLine.ParameterException(
                                spec.commandLine(), "--fingerprint must be 40 hex digits: " + source.fingerprint);
                    }
                    key = fetch(name, wanted);
                    if (key == null) {
                        err.println("ossnet trust add: " + name + " does not publish a key with fingerprint "
                                + Fingerprints.grouped(wanted) + "; nothing pinned");
                        return ExitCodes.UNKNOWN_KEY;
                    }
                }
                store.pin(name, List.of(key));
                out.println("pinned " + Fingerprints.grouped(key.fingerprint()) + " " + key.userIds() + " for " + name
                        + " in " + store.keyringFile(name));
                return ExitCodes.OK;
            } catch (CommandLine.ParameterException e) {
                throw e;
            } catch (Exception e) {
                return Failures.report("trust add", e, err);
            }
        }

        private OpenPgpPublicKey fetch(String name, String wanted) throws Exception {
            Discovery discovery = new TrackerClient(options.insecureHttp(trust.root.env())).discover(name);
            for (PublisherKey listed :
                    discovery.publisherKeys() == null ? List.<PublisherKey>of() : discovery.publisherKeys()) {
                try {
                    // The key's own fingerprint decides, not the label discovery puts on it.
                    OpenPgpPublicKey key = OpenPgpPublicKey.parse(listed.armored());
                    if (key.fingerprint().equals(wanted)) {
                        return key;
                    }
                } catch (PgpKeyException | RuntimeException e) {
                    // Not the key asked for, whatever it is.
                }
            }
            return null;
        }
    }

    /** {@code ossnet trust list}. */
    @Command(
            addMethodSubcommands = false,
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the pinned keys by publisher.")
    static final class ListKeys implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @ParentCommand
        TrustCommand trust;

        @Mixin
        AgentOptions options;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                Map<String, List<OpenPgpPublicKey>> all =
                        new TrustStore(options.home(trust.root.env()).trustDirectory()).all();
                all.forEach((publisher, keys) -> keys.forEach(key -> out.println(
                        publisher + "  " + Fingerprints.grouped(key.fingerprint()) + "  " + key.userIds())));
                out.flush();
                return ExitCodes.OK;
            } catch (Exception e) {
                return Failures.report("trust list", e, spec.commandLine().getErr());
            }
        }
    }

    /** {@code ossnet trust remove PUBLISHER}. */
    @Command(
            addMethodSubcommands = false,
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Forget every key pinned for PUBLISHER.")
    static final class Remove implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @ParentCommand
        TrustCommand trust;

        @Mixin
        AgentOptions options;

        @Parameters(index = "0", paramLabel = "PUBLISHER", description = "host[:port], as in ossnet:// names.")
        String publisher;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                String name = publisher(publisher);
                if (!new TrustStore(options.home(trust.root.env()).trustDirectory()).remove(name)) {
                    err.println("ossnet trust remove: no key is pinned for " + name);
                    return ExitCodes.NOT_FOUND;
                }
                spec.commandLine().getOut().println("removed the keys of " + name);
                return ExitCodes.OK;
            } catch (Exception e) {
                return Failures.report("trust remove", e, err);
            }
        }
    }
}
