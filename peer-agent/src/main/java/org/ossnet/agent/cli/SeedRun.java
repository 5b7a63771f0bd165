package org.ossnet.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ossnet.agent.home.AtomicFiles;
import org.ossnet.agent.json.JsonTrees;
import org.ossnet.agent.origin.HttpFileServer;
import org.ossnet.agent.seed.SeedSync;
import org.ossnet.agent.seed.Seeder;
import org.ossnet.agent.text.Counts;

/**
 * One running {@code ossnet seed}: refreshes and status lines on the calling thread until SIGINT/SIGTERM (a
 * shutdown hook closes it, announcing {@code stopped}; the JVM then exits 130/143) or an interrupt (returns 0).
 */
final class SeedRun implements AutoCloseable {

    /** How often {@code --peer-report} is replaced while seeding: often enough for a test to watch a transfer. */
    static final Duration PEER_REPORT_INTERVAL = Duration.ofSeconds(5);

    private final Seeder seeder;
    private final PrintWriter out;
    private final PrintWriter err;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread hook = new Thread(this::close, "ossnet-seed-shutdown");
    private final long start = System.nanoTime();
    private Path statusFile;
    private volatile Runnable peerReport;
    private volatile HttpFileServer server;
    private boolean closed;

    SeedRun(Seeder seeder, PrintWriter out, PrintWriter err) {
        this.seeder = seeder;
        this.out = out;
        this.err = err;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    Seeder seeder() {
        return seeder;
    }

    void serve(HttpFileServer server) {
        this.server = server;
    }

    URI httpBase() {
        return server.baseUri();
    }

    /** Replaces {@code file} with the status as JSON ({@link StatusFile}) with every status line and at exit. */
    void statusFile(Path file) {
        this.statusFile = file;
    }

    /** Runs {@code write} (the {@code --peer-report}) at start, every {@link #PEER_REPORT_INTERVAL} and at exit. */
    void peerReport(Runnable write) {
        this.peerReport = write;
    }

    void note(String line) {
        out.println(line);
        out.flush();
    }

    /** Syncs every {@code refresh} and prints a status line every {@code statusInterval} until stopped. */
    int untilStopped(SeedSync sync, Duration refresh, Duration statusInterval) {
        writeStatusFile();
        if (peerReport != null) {
            peerReport.run();
        }
        long nextRefresh = start + refresh.toNanos();
        long nextStatus = start + statusInterval.toNanos();
        long nextReport = start + PEER_REPORT_INTERVAL.toNanos();
        try {
            while (true) {
                long next = Math.min(nextRefresh, nextStatus);
                if (peerReport != null) {
                    next = Math.min(next, nextReport);
                }
                long wait = next - System.nanoTime();
                if (stopped.await(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
                    return ExitCodes.OK;
                }
                long now = System.nanoTime();
                if (now - nextRefresh >= 0) {
                    refresh(sync);
                    nextRefresh = System.nanoTime() + refresh.toNanos();
                }
                if (now - nextStatus >= 0) {
                    out.println(statusLine(seeder.status(), now - start));
                    out.flush();
                    writeStatusFile();
                    nextStatus = now + statusInterval.toNanos();
                }
                if (peerReport != null && now - nextReport >= 0) {
                    peerReport.run();
                    nextReport = now + PEER_REPORT_INTERVAL.toNanos();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.OK;
        }
    }

    private void refresh(SeedSync sync) {
        try {
            sync.sync();
        } catch (Exception e) {
            // Seeding what is verified goes on; the next refresh tries again.
            err.println("ossnet seed: refresh failed, still seeding the files verified before: " + Failures.message(e));
            err.flush();
        }
    }

    /**
     * What {@code --status-file} holds: the status line's figures, exact, for monitoring and benchmarks.
     *
     * @param uploadedBytes block bytes sent to peers, as the status line's {@code uploaded}
     * @param httpBodyBytes bytes of HTTP response bodies sent (the web seed, the tree's readers); 0 with {@code
     *     --no-http}
     */
    record StatusFile(
            int format,
            Instant updated,
            long elapsedSeconds,
            int swarms,
            int peers,
            long uploadedBytes,
            long httpBodyBytes,
            long uploadRate,
            int refused) {}

    private void writeStatusFile() {
        if (statusFile == null) {
            return;
        }
        Seeder.Status status = seeder.status();
        var document = new StatusFile(
                1,
                Instant.now(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
                status.swarms(),
                status.peers(),
                status.uploadedBytes(),
                server == null ? 0 : server.bodyBytesSent(),
                status.uploadRate(),
                status.refused());
        try {
            AtomicFiles.write(statusFile, JsonTrees.mapper().writeValueAsBytes(document));
        } catch (IOException | RuntimeException e) {
            err.println("ossnet seed: could not write the status file " + statusFile + ": " + Failures.message(e));
            err.flush();
        }
    }

    static String statusLine(Seeder.Status status, long elapsedNanos) {
        return String.format(
                Locale.ROOT,
                "%s  peers %d  uploaded %s  %s/s%s  [%ds]",
                Counts.of(status.swarms(), "swarm"),
                status.peers(),
                ProgressText.size(status.uploadedBytes()),
                ProgressText.size(status.uploadRate()),
                status.refused() == 0 ? "" : "  refused by the tracker " + status.refused(),
                TimeUnit.NANOSECONDS.toSeconds(elapsedNanos));
    }

    /** Announces {@code stopped}, closes the swarms and the HTTP server. Idempotent; safe from the shutdown hook. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopped.countDown();
        writeStatusFile();
        seeder.close();
        if (server != null) {
            server.close();
        }
        if (peerReport != null) {
            // After the swarms closed, so the figures are final.
            peerReport.run();
        }
        if (Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running or has run.
            }
        }
    }
}
