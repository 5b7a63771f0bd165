package org.ossnet.core.torrent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program with a deadline and captures what it printed, for interop tests.
 *
 * <p>Output goes to files rather than pipes so that a chatty program can never block on a full pipe buffer.
 */
public final class ExternalProcess {

    /** What a finished program left behind. */
    public record Result(int exitCode, String stdout, String stderr) {

        /** The whole exchange, for assertion messages. */
        public String describe() {
            return "exit code " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    private ExternalProcess() {}

    /**
     * Runs {@code command} in {@code workDir} and waits for it.
     *
     * @throws AssertionError if it does not finish within {@code timeout}; it and its children are killed first
     */
    public static Result run(Duration timeout, Path workDir, List<String> command)
            throws IOException, InterruptedException {
        Path stdout = Files.createTempFile(workDir, "stdout", ".txt");
        Path stderr = Files.createTempFile(workDir, "stderr", ".txt");
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("timed out after " + timeout + ": " + command + "\n--- stdout ---\n" + read(stdout)
                    + "\n--- stderr ---\n" + read(stderr));
        }
        return new Result(process.exitValue(), read(stdout), read(stderr));
    }

    /** Fails, naming the apt package to install, unless {@code executable} exists. */
    public static void requireExecutable(Path executable, String aptPackage) {
        if (!Files.isExecutable(executable)) {
            throw new AssertionError(executable + " is missing: install it with `apt-get install " + aptPackage + "`");
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
