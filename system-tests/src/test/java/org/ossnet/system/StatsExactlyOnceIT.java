package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.net.HttpExchanges;
import org.ossnet.agent.net.SourceAddress;
import org.ossnet.agent.outbox.EventSender;
import org.ossnet.agent.outbox.Outbox;
import org.ossnet.agent.outbox.OutboxLimits;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.api.NsEntry;
import org.ossnet.core.snapshot.Snapshot;
import org.ossnet.core.snapshot.SnapshotFile;
import org.ossnet.core.testing.Await;
import org.ossnet.testsupport.http.HttpProbe;
import org.ossnet.testsupport.local.LocalNetwork;
import org.ossnet.testsupport.local.LocalNetworkOptions;
import org.ossnet.testsupport.local.ServiceKind;

/**
 * Nothing lost, nothing doubled: four reporters, each the agent's own durable outbox and sender, deliver 100,000
 * download events to the tracker, which keeps them in its transactional outbox and forwards them to stats-service.
 * Meanwhile stats-service is killed with SIGKILL and started again, and so is the tracker, while it is forwarding.
 * Every hop retries until it holds a receipt, and every event keeps its id end to end, so the final counts equal what
 * was sent, exactly, per client kind and per file.
 *
 * <p>A network of its own, not the {@link SharedNetwork}: it kills and restarts services that the tests sharing that
 * network rely on.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class StatsExactlyOnceIT {

    static final int REPORTERS = 4;
    static final int EVENTS_PER_REPORTER = 25_000;
    static final int EVENTS = REPORTERS * EVENTS_PER_REPORTER;
    static final List<String> KINDS = List.of("get", "proxy", "cache", "bittorrent:libtorrent");

    /** A service restarting on two busy cores, and the tracker's outbox draining after it, fit in this. */
    static final Duration PHASE = Duration.ofMinutes(3);

    static final Duration CHECK_EVERY = Duration.ofMillis(500);

    /** The most events a reporter has on their way into its outbox at once (the outbox writes up to 64 a file). */
    static final int WRITING = 64;

    /** Where each reporter stops writing until stats-service is killed: past the fifth the kill waits for. */
    static final int HELD_BACK_AT = EVENTS_PER_REPORTER * 3 / 10;

    @TempDir
    Path work;

    @Test
    void everyEventIsCountedExactlyOnceThroughCrashesOfStatsServiceAndTheTracker() throws Exception {
        try (LocalNetwork network = LocalNetwork.start(LocalNetworkOptions.defaults(Agent.REPOSITORY)
                .withFreePorts()
                .withWorkDirectory(work.resolve("network"))
                .withEnvironment(
                        ServiceKind.TRACKER,
                        Map.of(
                                // The four reporters share one source address; their bucket must hold them all.
                                "OSSNET_TRACKER_STATS_REPORTERBURST", "1000000",
                                "OSSNET_TRACKER_STATS_FORWARDINTERVAL", "1s",
                                // Back from a stats-service crash within seconds, not the default minutes.
                                "OSSNET_TRACKER_STATS_RETRYMAX", "2s")))) {
            phase("the network is up");
            NsEntry entry = MirrorMetalinkInteropIT.entry(network, MirrorDaemons.CHANGED);
            Snapshot snapshot = MirrorMetalinkInteropIT.decode(MirrorMetalinkInteropIT.fetch(entry.snapshot()));
            List<SnapshotFile> files = snapshot.files();
            String collection = entry.collection();
            URI tracker = network.url(ServiceKind.TRACKER);
            String reportToken = network.reportToken();
            StatsApi stats = new StatsApi(network);

            // What is sent, counted per kind and per file as the stats API groups it.
            Map<String, Long> sentByKind = new TreeMap<>();
            Map<String, Long> sentByPath = new TreeMap<>();
            for (int r = 0; r < REPORTERS; r++) {
                for (int i = 0; i < EVENTS_PER_REPORTER; i++) {
                    sentByKind.merge(kind(i), 1L, Long::sum);
                    sentByPath.merge(file(files, r, i).path().path(), 1L, Long::sum);
                }
            }
            OutboxLimits limits = OutboxLimits.DEFAULTS.withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
            List<Outbox> outboxes = new ArrayList<>();
            for (int r = 0; r < REPORTERS; r++) {
                outboxes.add(Outbox.open(work.resolve("reporter-" + r), limits, line -> {}));
            }

            // Each reporter writes its events to its outbox as downloads complete, while its sender delivers them.
            AtomicInteger produced = new AtomicInteger();
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            Supplier<String> reporting = () -> "reporters: " + produced.get() + " written, " + remaining(outboxes)
                    + " waiting; their problems: " + problems;
            HttpExchanges http = new HttpExchanges(SourceAddress.ANY, Duration.ofSeconds(5));
            Instant now = Instant.now();
            // Each reporter writes no more than three tenths of its events until stats-service is down: so it dies
            // while the reporters still have most of their events to send, however fast this machine writes and sends.
            AtomicBoolean statsDown = new AtomicBoolean();
            try (ExecutorService reporters = Executors.newFixedThreadPool(2 * REPORTERS)) {
                List<Future<?>> running = new ArrayList<>();
                for (int r = 0; r < REPORTERS; r++) {
                    int reporter = r;
                    Outbox outbox = outboxes.get(r);
                    AtomicBoolean written = new AtomicBoolean();
                    running.add(reporters.submit(() -> {
                        // As `get` keeps its events: without waiting for each write, so those that come meanwhile go
                        // into one file; at most WRITING at once, as downloads finishing one after another would.
                        Deque<CompletableFuture<Void>> writing = new ArrayDeque<>();
                        for (int i = 0; i < EVENTS_PER_REPORTER; i++) {
                            if (i == HELD_BACK_AT) {
                                Await.until(statsDown::get, PHASE);
                            }
                            SnapshotFile file = file(files, reporter, i);
                            CompletableFuture<Void> kept = outbox.keep(new DownloadEvent(
                                    UUID.randomUUID(),
                                    collection,
                                    snapshot.version(),
                                    file.path().path(),
                                    file.size(),
                                    file.size(),
                                    0L,
                                    0L,
                                    null,
                                    kind(i),
                                    1000L,
                                    now.minusMillis(i)));
                            writing.add(kept.thenRun(produced::incrementAndGet));
                            if (writing.size() >= WRITING) {
                                writing.removeFirst().join();
                            }
                        }
                        writing.forEach(CompletableFuture::join);
                        written.set(true);
                        return null;
                    }));
                    EventSender sender = new EventSender(
                            outbox, tracker, () -> Optional.of(reportToken), http, limits, problems::add);
                    running.add(reporters.submit(() -> {
                        while (!written.get() || outbox.size() > 0) {
                            if (sender.flush(Duration.ofSeconds(10)).sent() == 0) {
                                // Nothing new yet, or backing off: on once the sender is ready and has work.
                                Await.until(
                                        () -> sender.backingOff().isZero() && (outbox.size() > 0 || written.get()),
                                        PHASE);
                            }
                        }
                        return null;
                    }));
                }

                // stats-service dies mid-stream: what the tracker forwards meanwhile waits in its outbox.
                awaitCounted(stats, collection, EVENTS / 5, network, reporting);
                phase("a fifth counted");
                assertThat(produced.get() - remaining(outboxes))
                        .as("events the tracker took when stats-service is killed: the reporters still send")
                        .isLessThan(EVENTS / 2);
                network.kill(ServiceKind.STATS);
                statsDown.set(true);
                long killedAt = System.nanoTime();
                Await.until(
                        () -> produced.get() - remaining(outboxes) > EVENTS * 2 / 5,
                        PHASE,
                        () -> "the tracker stopped taking events while stats-service was down: " + remaining(outboxes)
                                + " waiting\n" + problems);
                phase("two fifths taken by the tracker while stats-service is down");
                double forwardedBefore = trackerMetric(tracker, "ossnet_tracker_stats_forwarded_total");
                network.restart(ServiceKind.STATS);
                System.out.printf(
                        "stats-service killed and back after %d ms%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));

                // The tracker dies while it forwards: once stats-service acknowledges its deliveries again, and while
                // its outbox still holds events taken while stats-service was down. What it holds is at least what
                // the reporters handed it less what stats-service acknowledged (a count that includes re-sends), so a
                // positive difference is events certainly waiting. Checked as often as a scrape allows: the backlog
                // drains in seconds.
                long[] holding = {0};
                Await.until(
                        () -> {
                            double forwarded = trackerMetric(tracker, "ossnet_tracker_stats_forwarded_total");
                            holding[0] = produced.get() - remaining(outboxes) - (long) forwarded;
                            return forwarded > forwardedBefore && holding[0] > 0;
                        },
                        PHASE,
                        Duration.ofMillis(10),
                        () -> "the tracker did not forward again while it still held events; it holds at least "
                                + holding[0] + "; " + reporting.get());
                network.kill(ServiceKind.TRACKER);
                phase("tracker killed while forwarding, holding at least " + holding[0] + " events; the reporters hold "
                        + remaining(outboxes));
                network.restart(ServiceKind.TRACKER);
                phase("tracker killed and restarted while forwarding");

                for (Future<?> reporter : running) {
                    reporter.get(PHASE.toSeconds(), TimeUnit.SECONDS);
                }
                assertThat(produced.get()).isEqualTo(EVENTS);
                assertThat(remaining(outboxes))
                        .as("events the reporters still hold")
                        .isZero();
            }

            phase("every reporter has delivered");
            awaitCounted(stats, collection, EVENTS, network, reporting);
            phase("every event counted");
            // Whatever is still in flight after that could only add: look again once the tracker's outbox is empty.
            Await.until(
                    () -> outboxDepth(tracker) == 0,
                    PHASE,
                    CHECK_EVERY,
                    () -> "the tracker's outbox still holds " + outboxDepth(tracker) + " events");
            assertThat(stats.total(collection)).as("downloads counted").isEqualTo(EVENTS);
            Map<String, Long> byKind = stats.downloads(collection, "clientKind", "all");
            assertThat(byKind).isEqualTo(sentByKind);
            assertThat(stats.downloads(collection, "path", "all")).isEqualTo(sentByPath);
            System.out.printf("sent %d events by %d reporters; counted %s%n", EVENTS, REPORTERS, byKind);
        }
    }

    private static final long TEST_START = System.nanoTime();

    /** Prints how far the test has come, and when: the phases' times show where the test spends its budget. */
    private static void phase(String what) {
        System.out.printf("StatsExactlyOnceIT +%.1f s: %s%n", (System.nanoTime() - TEST_START) / 1e9, what);
    }

    /** The tracker's {@code ossnet.tracker.stats.outbox.depth} gauge; -1 if unreadable. */
    private static long outboxDepth(URI tracker) {
        return (long) trackerMetric(tracker, "ossnet_tracker_stats_outbox_depth");
    }

    /** One unlabelled meter from the tracker's Prometheus endpoint; -1 if unreadable. */
    private static double trackerMetric(URI tracker, String name) {
        try {
            String metrics =
                    HttpProbe.get(tracker.resolve("/actuator/prometheus")).body();
            return metrics.lines()
                    .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .findFirst()
                    .orElse(-1);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String kind(int i) {
        return KINDS.get(i % KINDS.size());
    }

    private static SnapshotFile file(List<SnapshotFile> files, int reporter, int i) {
        return files.get((reporter * 7 + i) % files.size());
    }

    private static int remaining(List<Outbox> outboxes) {
        return outboxes.stream().mapToInt(Outbox::size).sum();
    }

    /** Waits until stats-service counts at least {@code count} downloads, and fails if it ever counts more. */
    private static void awaitCounted(
            StatsApi stats, String collection, long count, LocalNetwork network, Supplier<String> reporters)
            throws InterruptedException {
        long[] last = {-1};
        String[] error = {""};
        Await.until(
                () -> {
                    try {
                        last[0] = stats.total(collection);
                    } catch (IOException e) {
                        error[0] = e.toString();
                        return false; // stats-service is restarting
                    }
                    assertThat(last[0]).as("downloads counted").isLessThanOrEqualTo(EVENTS);
                    return last[0] >= count;
                },
                PHASE,
                CHECK_EVERY,
                () -> "stats-service counts " + last[0] + " of " + count + " downloads; last error: " + error[0] + "\n"
                        + reporters.get() + "\n"
                        + NetworkLogs.tails(network.envFile().getParent(), "tracker-service", "stats-service"));
    }
}
