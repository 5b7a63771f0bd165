package org.ossnet.agent.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ossnet.agent.home.AtomicFiles;
import org.ossnet.agent.json.JsonTrees;
import org.ossnet.agent.net.SourceAddress;
import org.ossnet.agent.swarm.PeerTraffic;
import org.ossnet.agent.swarm.SwarmConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code --peer-report FILE} of {@code get} and {@code seed}: the piece bytes this agent exchanged with each remote
 * address and web seed host, counted by every swarm of the command in one {@link PeerTraffic}, written as JSON.
 */
@Command(addMethodSubcommands = false)
final class PeerReportOption {

    /**
     * What the file holds.
     *
     * @param address the agent's own source address ({@code --bind}, {@code --listen}), or null when unbound
     * @param peers the BitTorrent peers by IP address, in numeric order
     * @param http the web seeds by {@code host:port}
     */
    record Document(String address, List<PeerTraffic.PeerBytes> peers, List<PeerTraffic.HttpBytes> http) {}

    @Option(
            names = "--peer-report",
            paramLabel = "FILE",
            description = "Replace FILE with the piece bytes received from and sent to each peer address and web seed"
                    + " host, as JSON, when the command ends or a signal stops it (seed: also at start and every 5s).")
    Path file;

    private final PeerTraffic traffic = new PeerTraffic();

    /** The report's registration to be written on a signal; closing it cancels that. */
    interface OnSignal extends AutoCloseable {
        @Override
        void close();
    }

    /** Whether the option was given. */
    boolean given() {
        return file != null;
    }

    /**
     * Refuses a file in a directory that does not exist, before anything is fetched or seeded.
     *
     * @throws IllegalArgumentException saying so
     */
    void check() {
        if (file != null && !Files.isDirectory(file.toAbsolutePath().getParent())) {
            throw new IllegalArgumentException("--peer-report " + file + ": no such directory "
                    + file.toAbsolutePath().getParent());
        }
    }

    /** {@code config} counting its sessions' bytes for the report when the option is given. */
    SwarmConfig applyTo(SwarmConfig config) {
        return file == null ? config : config.withTraffic(traffic);
    }

    /**
     * Has the report written also when the JVM is stopped by a signal (SIGTERM, Ctrl-C) before the command ends, as a
     * {@code get --seed-time} is; closing the result stops that once the command writes it itself.
     */
    OnSignal writtenOnSignal(SourceAddress source, String command, PrintWriter err) {
        if (file == null) {
            return () -> {};
        }
        Thread hook = new Thread(() -> write(source, command, err), "peer-report");
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs or has run: it writes the same figures.
            }
        };
    }

    /**
     * Replaces the file with the figures so far; nothing without the option. A failure is a warning: the report must
     * not fail a download or stop a seeder. One write at a time: a signal's and the command's own may meet.
     */
    synchronized void write(SourceAddress source, String command, PrintWriter err) {
        if (file == null) {
            return;
        }
        var document = new Document(source.text(), traffic.peers(), traffic.http());
        // The last write often happens on a thread just interrupted to stop the command, which would close the file
        // channel under it: the interrupt waits until the report is written.
        boolean interrupted = Thread.interrupted();
        try {
            // Readable by all: a test harness or monitor running as another user reads it, and it holds no secret.
            AtomicFiles.write(file, JsonTrees.mapper().writeValueAsBytes(document), "rw-r--r--");
        } catch (IOException | RuntimeException e) {
            err.println("ossnet " + command + ": could not write the peer report " + file + ": " + Failures.message(e));
            err.flush();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
