package org.ossnet.agent.cli;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ossnet.agent.fetch.TreeFetch;
import org.ossnet.agent.fetch.TreeProgress;
import org.ossnet.agent.fetch.UnsafePathException;
import org.ossnet.agent.storage.ContentMismatchException;
import org.ossnet.agent.text.Counts;
import org.ossnet.agent.text.Decimals;

/**
 * The end of {@code ossnet get}: the paths written, one stderr line per failed file, a summary, and the exit code of
 * the worst outcome — the highest exit code among the failed files, 0 if none failed.
 */
final class FetchReport {

    private FetchReport() {}

    static int print(
            List<TreeFetch.Outcome> outcomes, TreeProgress last, long nanos, PrintWriter out, PrintWriter err) {
        Map<TreeFetch.Status, Integer> counts = new EnumMap<>(TreeFetch.Status.class);
        int worst = ExitCodes.OK;
        for (TreeFetch.Outcome o : outcomes) {
            counts.merge(o.status(), 1, Integer::sum);
            switch (o.status()) {
                case DOWNLOADED, CREATED -> out.println(o.file().target());
                case FAILED -> {
                    err.println("ossnet get: FAILED " + o.file().target() + ": " + message(o.failure()));
                    worst = Math.max(worst, exitCode(o.failure()));
                }
                case SKIPPED -> {}
            }
            if (o.status() != TreeFetch.Status.FAILED && o.failure() != null) {
                err.println("ossnet get: " + o.file().target() + " is in place but could not be seeded: "
                        + message(o.failure()));
            }
        }
        out.println(summary(outcomes.size(), counts, last, nanos));
        out.flush();
        err.flush();
        return worst;
    }

    static String summary(int files, Map<TreeFetch.Status, Integer> counts, TreeProgress last, long nanos) {
        // Not String.format: see Decimals.
        return Counts.of(files, "file") + ": " + counts.getOrDefault(TreeFetch.Status.DOWNLOADED, 0) + " downloaded, "
                + counts.getOrDefault(TreeFetch.Status.SKIPPED, 0) + " skipped (already there), "
                + counts.getOrDefault(TreeFetch.Status.CREATED, 0) + " created empty, "
                + counts.getOrDefault(TreeFetch.Status.FAILED, 0) + " failed; "
                + ProgressText.size(last.downloadedBytes()) + " received in " + Decimals.fixed(nanos / 1e9, 1)
                + " s; uploaded " + Counts.of(last.uploadedBytes(), "byte");
    }

    static int exitCode(Exception failure) {
        return switch (failure) {
            case ContentMismatchException e -> ExitCodes.BAD_INPUT;
            case UnsafePathException e -> ExitCodes.BAD_INPUT;
            default -> Failures.exitCode(failure);
        };
    }

    private static String message(Exception failure) {
        return switch (failure) {
            case ContentMismatchException e ->
                "the downloaded file's SHA-256 is " + e.actualSha256() + ", not the signed " + e.expectedSha256()
                        + "; nothing was kept at the final path";
            default -> Failures.message(failure);
        };
    }
}
