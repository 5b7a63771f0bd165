package org.ossnet.agent.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ossnet.agent.mirror.MirrorConfig;
import org.ossnet.agent.mirror.MirrorState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ossnet mirror status}: prints what the daemon last wrote to its state file, for an operator: per collection
 * the version held and the newest known, the lag, bytes up and down and peers; the upload cap and its next change;
 * the download events waiting to be reported.
 * The report token in the file is never printed.
 */
@Command(
        addMethodSubcommands = false,
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show the held and latest version of each collection, lag, bytes up and down, peers and the"
                + " next upload cap change, from the state file of 'ossnet mirror run'.")
final class MirrorStatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    MirrorCommand mirror;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "The mirror's configuration file (default: " + MirrorCommand.DEFAULT_CONFIG + ").")
    Path config = Path.of(MirrorCommand.DEFAULT_CONFIG);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            MirrorConfig parsed = MirrorCommand.config(config);
            Optional<MirrorState> state = MirrorState.read(parsed.state());
            if (state.isEmpty()) {
                err.println("ossnet mirror status: no state file " + parsed.state()
                        + "; 'ossnet mirror run' has not run with this configuration");
                return ExitCodes.NOT_FOUND;
            }
            print(state.get(), out);
            return ExitCodes.OK;
        } catch (Exception e) {
            return Failures.report("mirror status", e, err);
        }
    }

    static void print(MirrorState state, PrintWriter out) {
        Instant now = Instant.now();
        for (Map.Entry<String, MirrorState.CollectionStatus> entry :
                state.collections().entrySet()) {
            MirrorState.CollectionStatus s = entry.getValue();
            out.println(entry.getKey());
            out.println("  held " + s.held() + "  latest " + s.latest() + "  lag " + seconds(s.lag(now)) + "  up "
                    + ProgressText.size(s.bytesUp()) + "  down " + ProgressText.size(s.bytesDown()) + "  peers "
                    + s.peers());
            if (s.lastError() != null) {
                out.println("  last sync failed: " + s.lastError());
            }
        }
        out.println("upload cap " + cap(state.uploadCap())
                + (state.nextCapChange() == null
                        ? ""
                        : "; next change " + state.nextCapChange().at() + " to "
                                + cap(state.nextCapChange().cap())));
        out.println(
                state.registration() == null
                        ? "not registered with the tracker yet"
                        : "registered as mirror " + state.registration().id()
                                + (state.registration().official() ? " (official)" : " (unofficial)"));
        MirrorState.Reports reports = state.reports();
        out.println(
                reports == null
                        ? "download events not reported (report = no)"
                        : "download events waiting " + reports.waiting()
                                + (reports.dropped() > 0 ? ", dropped over the bound " + reports.dropped() : "")
                                + (reports.quarantined() > 0 ? ", quarantined " + reports.quarantined() : "")
                                + (reports.lastProblem() == null ? "" : "; last report: " + reports.lastProblem()));
        out.println("state written " + seconds(Duration.between(state.updated(), now)) + " ago");
        out.flush();
    }

    private static String cap(long cap) {
        return cap < 0 ? "none" : ProgressText.size(cap) + "/s";
    }

    private static String seconds(Duration duration) {
        return Math.max(0, duration.toSeconds()) + "s";
    }
}
