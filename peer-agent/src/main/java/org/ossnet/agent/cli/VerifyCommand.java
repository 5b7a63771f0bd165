package org.ossnet.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ossnet.agent.compare.TreeComparator;
import org.ossnet.agent.compare.TreeComparison;
import org.ossnet.agent.resolve.Resolved;
import org.ossnet.agent.scan.ScannedFile;
import org.ossnet.agent.scan.TreeScanner;
import org.ossnet.agent.text.Counts;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.SnapshotFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ossnet verify DIR NAME}: checks a local tree against the signed snapshot of a collection or directory. */
@Command(
        addMethodSubcommands = false,
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Compare the tree under DIR with the signed snapshot of NAME (a collection or a directory in it).",
            "Exit 0 if identical, else 16 plus 1 if files are missing, 2 if there are extra files,"
                    + " 4 if files differ."
        })
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    OssnetCli root;

    @Mixin
    AgentOptions options;

    @Option(names = "--no-tofu", description = "Refuse publishers whose key is not pinned instead of pinning it.")
    boolean noTofu;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Files hashed in parallel (default: the number of cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Parameters(index = "0", paramLabel = "DIR", description = "The local tree.")
    Path dir;

    @Parameters(index = "1", paramLabel = "NAME", description = "The ossnet:// name of a collection or directory.")
    String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1: " + threads);
        }
        try {
            Resolved resolved = Resolvers.create(options, root.env(), noTofu, err)
                    .resolve(OssnetName.parse(name).asDirectory());
            if (!resolved.isDirectory()) {
                err.println("ossnet verify: " + resolved.name() + " is not a directory of version "
                        + resolved.snapshot().version() + " of "
                        + resolved.snapshot().collection());
                return ExitCodes.NOT_FOUND;
            }
            List<SnapshotFile> expected = resolved.filesBelow();
            TreeScanner.Result scan = new TreeScanner(options.home(root.env())::contains).scan(dir);
            scan.warnings().forEach(w -> err.println("ossnet verify: " + w));
            TreeComparison comparison = new TreeComparator(threads).compare(expected, scan.files());
            return report(comparison, resolved, expected.size(), scan.files(), out);
        } catch (Exception e) {
            return Failures.report("verify", e, err);
        }
    }

    private int report(
            TreeComparison comparison, Resolved resolved, int expected, List<ScannedFile> local, PrintWriter out) {
        comparison.missing().forEach(p -> out.println("missing  " + p));
        comparison.extra().forEach(p -> out.println("extra    " + p));
        comparison.differing().forEach(d -> out.println("differs  " + d.path() + ": " + d.reason()));
        String against = "version " + resolved.snapshot().version() + " of " + resolved.name();
        if (comparison.identical()) {
            out.println(dir + " matches " + against + " (" + Counts.of(expected, "file") + ")");
            out.flush();
            return ExitCodes.OK;
        }
        out.println(
                dir + " differs from " + against + ": " + comparison.missing().size() + " missing, "
                        + comparison.extra().size() + " extra, "
                        + comparison.differing().size() + " differing ("
                        + Counts.of(local.size(), "local file") + ", " + expected + " listed)");
        out.flush();
        int code = ExitCodes.DIFFERS;
        code |= comparison.missing().isEmpty() ? 0 : ExitCodes.DIFFERS_MISSING;
        code |= comparison.extra().isEmpty() ? 0 : ExitCodes.DIFFERS_EXTRA;
        code |= comparison.differing().isEmpty() ? 0 : ExitCodes.DIFFERS_CONTENT;
        return code;
    }
}
