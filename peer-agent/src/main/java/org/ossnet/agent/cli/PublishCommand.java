package org.ossnet.agent.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import org.ossnet.agent.home.AgentHome;
import org.ossnet.agent.publish.Publisher;
import org.ossnet.agent.publish.TokenSource;
import org.ossnet.agent.publish.TreeDiff;
import org.ossnet.agent.scan.HashCache;
import org.ossnet.agent.scan.TreeScanner;
import org.ossnet.agent.text.Counts;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.core.name.OssnetName;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code ossnet publish DIR}: publishes a local tree as the next snapshot of a collection. */
@Command(
        addMethodSubcommands = false,
        name = "publish",
        description = {
            "Publish the regular files under DIR as the next snapshot of a collection.",
            "If the collection already holds this tree (same paths, sizes and SHA-256s, and no other --origin-url or"
                    + " --version asked for), nothing is published and the exit code is 0; --force publishes it"
                    + " again as a new version.",
            "The token comes from --token-file or the environment variable OSSNET_TOKEN, never the command line."
        })
final class PublishCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    OssnetCli root;

    @Mixin
    AgentOptions options;

    // Not mixinStandardHelpOptions: its -V/--version would clash with the snapshot version option.
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "DIR", description = "The tree to publish.")
    Path dir;

    @Option(
            names = "--collection",
            required = true,
            paramLabel = "NAME",
            // The example on a line of its own: picocli would wrap inside the URL, after "ossnet:" or "example.".
            description = {"The collection's name.", "For example ossnet://example.org/demo."})
    String collection;

    @Option(names = "--tracker", required = true, paramLabel = "URL", description = "The tracker's base URL.")
    URI tracker;

    @Option(
            names = "--origin-url",
            paramLabel = "URL",
            description = "Where the tree is served over HTTP(S): the web seed of every file.")
    String originUrl;

    @Option(names = "--version", paramLabel = "N", description = "The new version (default: the current one + 1).")
    Long version;

    @Option(
            names = "--embargo-until",
            paramLabel = "INSTANT",
            converter = InstantConverter.class,
            // The example on a line of its own: picocli would wrap after a colon inside it.
            description = {
                "Hold the new snapshot back from the public until INSTANT, ISO-8601 with a zone; until then only"
                        + " mirrors whose credential covers the collection see it, over private swarms.",
                "For example 2026-12-04T21:00:00Z.",
                "Default: public at once."
            })
    Instant embargoUntil;

    @Option(names = "--force", description = "Publish a new version even if the collection already holds this tree.")
    boolean force;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "A file holding the publisher token, readable by its owner only.")
    Path tokenFile;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Files hashed in parallel (default: the number of cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        validate();
        try {
            OssnetName name = OssnetName.parse(collection);
            if (name.isRoot()) {
                err.println("ossnet publish: " + collection + " names the publisher's root, not a collection");
                return ExitCodes.BAD_INPUT;
            }
            String token = TokenSource.read(tokenFile, root.env());
            AgentHome home = options.home(root.env());
            Publisher publisher = new Publisher(
                    new TrackerClient(options.insecureHttp(root.env())),
                    new TreeScanner(home::contains),
                    HashCache.load(home.hashCacheFile()),
                    threads);
            Publisher.Outcome outcome = publisher.publish(
                    new Publisher.Request(dir, name, tracker, originUrl, version, force, embargoUntil), token);
            outcome.warnings().forEach(w -> err.println("ossnet publish: " + w));
            report(outcome, name, out, err);
            return ExitCodes.OK;
        } catch (Exception e) {
            return Failures.report("publish", e, err);
        }
    }

    private void validate() {
        String scheme = tracker.getScheme();
        if (!tracker.isAbsolute() || !("http".equals(scheme) || "https".equals(scheme))) {
            throw new ParameterException(spec.commandLine(), "--tracker must be an http or https URL: " + tracker);
        }
        if (version != null && version < 1) {
            throw new ParameterException(spec.commandLine(), "--version must be at least 1: " + version);
        }
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1: " + threads);
        }
    }

    private void report(Publisher.Outcome outcome, OssnetName name, PrintWriter out, PrintWriter err) {
        String changes = "";
        if (outcome.diff().isPresent()) {
            TreeDiff diff = outcome.diff().get();
            print(out, "added   ", diff.added());
            print(out, "changed ", diff.changed());
            print(out, "removed ", diff.removed());
            changes = " (" + diff.added().size() + " added, " + diff.changed().size() + " changed, "
                    + diff.removed().size() + " removed)";
        } else {
            err.println("ossnet publish: no comparison with the previous snapshot: "
                    + Failures.message(outcome.previousFailure()));
        }
        int files = outcome.files();
        String hashing = outcome.hashed() + " hashed, " + (files - outcome.hashed()) + " from cache";
        if (outcome.response().isEmpty()) {
            out.println(name.asFile().format() + " already holds this tree at version " + outcome.currentVersion()
                    + " (" + Counts.of(files, "file") + ", " + hashing
                    + "); nothing published, --force publishes it as a new version");
            out.flush();
            return;
        }
        var response = outcome.response().get();
        out.println("published " + response.collection() + " version " + response.version() + ": "
                + Counts.of(files, "file") + changes + ", " + hashing);
        if (embargoUntil != null) {
            out.println("embargoed until " + embargoUntil + ": credentialed mirrors only until then");
        }
        out.println("snapshot  " + response.snapshot());
        out.println("expires   " + response.expires());
        out.flush();
    }

    private static void print(PrintWriter out, String label, List<String> paths) {
        paths.forEach(p -> out.println(label + " " + p));
    }

    /**
     * Reads an instant as ISO-8601 with a zone ({@code 2026-12-04T21:00:00Z}, {@code 2026-12-04T22:00:00+01:00}): an
     * embargo without one would open at a different moment on every machine that reads it.
     */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String text) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + text
                        + "' is not an ISO-8601 instant with a zone, such as 2026-12-04T21:00:00Z or"
                        + " 2026-12-04T22:00:00+01:00");
            }
        }
    }
}
