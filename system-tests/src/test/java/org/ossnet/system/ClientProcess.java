package org.ossnet.system;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A third-party client (aria2c, a libtorrent script) running in the background for an interop test: its output goes to
 * a log file, every wait on it is bounded, and {@link #close} kills it and its children by PID.
 */
final class ClientProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ClientProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code workDir}, standard output and error together in {@code workDir/<name>.log}. */
    static ClientProcess start(String name, Path workDir, List<String> command) throws IOException {
        Path log = workDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        return new ClientProcess(name, process, log);
    }

    /**
     * Waits for the client to exit and returns its exit code.
     *
     * @throws AssertionError with the log if it is still running after {@code timeout} (it is killed first)
     */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError(name + " did not finish within " + timeout + "\n" + describe());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** What the client printed so far. */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** The client's name, PID and state. */
    String header() {
        String state = process.isAlive() ? "running" : "exit code " + process.exitValue();
        return "--- " + name + " (pid " + process.pid() + ", " + state + ") ---";
    }

    /** The client's name, PID, state and whole output, for assertion messages. */
    String describe() {
        return header() + "\n" + output();
    }

    /** Kills the client and its children by PID, if still running, and waits for it to go. */
    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
