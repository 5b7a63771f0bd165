package org.ossnet.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import org.ossnet.agent.fetch.TrackerSwarms;
import org.ossnet.agent.fetch.TreeFetch;
import org.ossnet.agent.home.AgentHome;
import org.ossnet.agent.net.HttpExchanges;
import org.ossnet.agent.net.SourceAddress;
import org.ossnet.agent.outbox.DownloadReports;
import org.ossnet.agent.outbox.EventSender;
import org.ossnet.agent.outbox.Outbox;
import org.ossnet.agent.outbox.OutboxLimits;
import org.ossnet.agent.resolve.Resolved;
import org.ossnet.agent.tracker.TrackerClient;
import org.ossnet.core.api.ClientKind;
import org.ossnet.core.api.Discovery;

/**
 * {@code get}'s download events: one per file downloaded and verified, kept in the publisher's outbox, then a flush of
 * that outbox (this run's events and any an earlier run left) within {@link #DEADLINE}, so a normal run reports at
 * once and a tracker that is slow, down or without the events endpoint costs at most that. What is not sent stays
 * for the next run. Nothing here fails the command.
 */
final class GetReports {

    /** The longest a run waits for its report, discovery included. */
    static final Duration DEADLINE = Duration.ofSeconds(2);

    private GetReports() {}

    /**
     * The reports of {@code collection}'s downloads, kept in its publisher's outbox, or nothing when the outbox cannot
     * be opened (a warning says why; the download goes on).
     */
    static Optional<DownloadReports> open(AgentHome home, Resolved resolved, PrintWriter err) {
        try {
            Outbox outbox = DownloadReports.open(
                    home.outboxDirectory(), resolved.snapshot().collection().publisher(), err::println);
            return Optional.of(new DownloadReports(outbox, ClientKind.GET, err::println));
        } catch (IOException | RuntimeException e) {
            err.println("warning: download events are not kept: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The event of a file as soon as it is downloaded and verified, kept without waiting for its write
     * ({@link DownloadReports#completedLater}); {@link #flush} and the command's end wait for the writes.
     */
    static void completed(DownloadReports reports, Resolved resolved, TreeFetch.Outcome o) {
        reports.completedLater(
                resolved.snapshot().collection().format(),
                resolved.snapshot().version(),
                o.file().file().path().path(),
                o.file().file().size(),
                o.transfer());
    }

    /**
     * Sends what waits in the outbox, this run's events and any an earlier run left, within {@link #DEADLINE}; the
     * tracker is the one discovery named for the files' lookups, or is discovered now within the deadline.
     */
    static void flush(
            DownloadReports reports,
            String publisher,
            TrackerSwarms swarms,
            boolean insecureHttp,
            SourceAddress source,
            PrintWriter err) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        Outbox outbox = reports.outbox();
        reports.awaitKept();
        try {
            if (outbox.size() == 0) {
                return;
            }
            Optional<Discovery> known = swarms.known(publisher);
            Discovery discovery = known.isPresent()
                    ? known.get()
                    : new TrackerClient(insecureHttp, new TrackerClient.Deadlines(DEADLINE, DEADLINE, DEADLINE), source)
                            .discover(publisher);
            if (discovery.tracker() == null) {
                return;
            }
            HttpExchanges http = HttpExchanges.forTrackers(source);
            new EventSender(outbox, discovery.tracker(), Optional::empty, http, OutboxLimits.DEFAULTS, err::println)
                    .flush(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
        } catch (Exception e) {
            // The events stay in the outbox for the next run; a download never fails for its report.
        }
    }
}
