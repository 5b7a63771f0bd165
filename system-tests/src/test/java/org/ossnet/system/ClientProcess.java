package org.ossnet.system;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A third-party client (aria2c, a libtorrent script) running in the background for an interop test: its output goes to
 * a log file, every wait on it is bounded, and {@link #close} kills it and its children by PID. Every failure it
 * raises carries the OSSNET side's output too, which the test hands in as a {@code Supplier<String>}.
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
     * @throws AssertionError with its log and {@code ossnetSide} if it is still running after {@code timeout} (it is
     *     killed first)
     */
    int awaitExit(Duration timeout, Supplier<String> ossnetSide) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new AssertionError(
                    name + " did not finish within " + timeout + "\n" + describe() + "\n" + ossnetSide.get());
        }
        return process.exitValue();
    }

    /** Waits at most {@code timeout} for the client to exit on its own; says whether it did. */
    boolean waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code of a client that has exited. */
    int exitValue() {
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return name;
    }

    /** What the client printed so far. */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** The client's name, PID and state; an exit by a signal is named (139 is a segmentation fault). */
    String header() {
        return "--- " + name + " (pid " + process.pid() + ", " + state() + ") ---";
    }

    /** "running", or the exit code and, for an exit by a signal, which. */
    String state() {
        if (process.isAlive()) {
            return "running";
        }
        int code = process.exitValue();
        return code > 128 ? "exit code " + code + ", killed by signal " + (code - 128) : "exit code " + code;
    }

    /** Whether it ended by a signal, i.e. crashed or was killed, rather than exiting. */
    boolean endedBySignal() {
        return !process.isAlive() && process.exitValue() > 128;
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
