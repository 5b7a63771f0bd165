package org.ossnet.agent.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ossnet.agent.resolve.Resolved;
import org.ossnet.core.name.OssnetName;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ossnet ls NAME}: lists a directory, or shows a file, from the verified snapshot holding it. */
@Command(
        addMethodSubcommands = false,
        name = "ls",
        mixinStandardHelpOptions = true,
        description = {
            "List a directory of a published collection, or show one file's entry.",
            "A directory shows each entry's size and name, with / after subdirectories. Everything shown comes from"
                    + " the verified, signed snapshot."
        })
final class LsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    OssnetCli root;

    @Mixin
    AgentOptions options;

    @Option(names = "--no-tofu", description = "Refuse publishers whose key is not pinned instead of pinning it.")
    boolean noTofu;

    @Parameters(index = "0", paramLabel = "NAME", description = "An ossnet:// name.")
    String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Resolved resolved =
                    Resolvers.create(options, root.env(), noTofu, err).resolve(OssnetName.parse(name));
            Optional<SnapshotFile> file = resolved.file();
            if (file.isPresent()) {
                printFile(resolved, file.get(), out);
            } else if (resolved.isDirectory()) {
                for (Resolved.Child child : resolved.children()) {
                    String size = child.file().map(f -> Long.toString(f.size())).orElse("-");
                    out.printf("%14s  %s%n", size, child.name());
                }
            } else {
                Snapshot snapshot = resolved.snapshot();
                err.println("ossnet ls: " + resolved.name() + " is not in version " + snapshot.version() + " of "
                        + snapshot.collection());
                return ExitCodes.NOT_FOUND;
            }
            out.flush();
            return ExitCodes.OK;
        } catch (Exception e) {
            return Failures.report("ls", e, err);
        }
    }

    private static void printFile(Resolved resolved, SnapshotFile file, PrintWriter out) {
        Snapshot snapshot = resolved.snapshot();
        out.println("name       " + resolved.name());
        out.println("size       " + file.size());
        out.println("sha256     " + file.sha256());
        if (file.hasSwarm()) {
            out.println("info-hash  " + file.infoHash());
            out.println("pieces     " + file.pieceLength() + " bytes each");
        } else {
            out.println("info-hash  none: an empty file has no swarm");
        }
        out.println("snapshot   version " + snapshot.version() + " of " + snapshot.collection() + ", expires "
                + snapshot.expires());
    }
}
