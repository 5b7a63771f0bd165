package org.ossnet.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ossnet.testsupport.local.LocalNetwork;
import org.ossnet.testsupport.local.ServiceKind;

/** Runs an agent command through the repository's {@code ossnet} launcher, as a user or a script would. */
final class Agent {

    static final Path REPOSITORY =
            Path.of(System.getProperty("ossnet.repo", "..")).toAbsolutePath().normalize();

    private final Path home;
    private final Map<String, String> environment;

    /** An agent whose config, cache and state live under {@code home}. */
    Agent(Path home, Map<String, String> environment) {
        this.home = home;
        this.environment = environment;
    }

    /**
     * What one command did.
     *
     * @param exitCode its exit code
     * @param out its standard output
     * @param err its standard error
     */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    /** A command left running, such as {@code ossnet seed}; closing it sends SIGTERM and waits. */
    record Background(Process process, Path out, Path err) implements AutoCloseable {

        /** What it printed on standard output so far. */
        String output() throws IOException {
            return Files.readString(out);
        }

        /** Waits until its standard output contains {@code text}; fails if it exits or {@code timeout} passes. */
        void awaitOutput(String text, java.time.Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!output().contains(text)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "no '" + text + "' (" + (process.isAlive() ? "running" : "exited " + process.exitValue())
                                    + ")\n--- out\n" + output() + "\n--- err\n"
                                    + Files.readString(err));
                }
                Thread.sleep(100);
            }
        }

        /** Sends SIGTERM and returns the exit code, killing it if it does not stop within a minute. */
        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("the agent did not stop on SIGTERM");
            }
            return process.exitValue();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                stop();
            }
        }
    }

    /** Starts a long-running command in the background. */
    Background start(String... args) throws IOException {
        Path out = Files.createTempFile(home.getParent(), "agent-out", ".txt");
        Path err = Files.createTempFile(home.getParent(), "agent-err", ".txt");
        return new Background(process(out, err, args), out, err);
    }

    /**
     * An agent with the network's publisher token, home {@code home}, that publishes {@code tree} as the next version
     * of the demo collection with the real {@code ossnet publish}, from the same origin.
     */
    static Result publishDemo(LocalNetwork network, Path home, Path tree) throws IOException, InterruptedException {
        Agent publisher = new Agent(Files.createDirectories(home), Map.of("OSSNET_TOKEN", network.publisherToken()));
        return publisher.run(
                "publish",
                tree.toString(),
                "--collection",
                network.demo().toString(),
                "--tracker",
                network.url(ServiceKind.TRACKER).toString(),
                "--origin-url",
                network.originUrl().toString());
    }

    Result run(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(home.getParent(), "agent-out", ".txt");
        Path err = Files.createTempFile(home.getParent(), "agent-err", ".txt");
        Process process = process(out, err, args);
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("ossnet " + String.join(" ", args) + " did not finish within 3 minutes\n--- out\n"
                    + Files.readString(out) + "\n--- err\n" + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Process process(Path out, Path err, String... args) throws IOException {
        List<String> command =
                new ArrayList<>(List.of(REPOSITORY.resolve("ossnet").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        // Through the launcher, as users run it: its JVM options and start-up cache, on this JVM's JDK. Maven has
        // packaged everything before the system tests, so the launcher does not look for changed sources.
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("OSSNET_BUILD", "never");
        builder.environment().remove("OSSNET_JVM_OPTIONS");
        builder.environment().put("OSSNET_HOME", home.toString());
        builder.environment().remove("OSSNET_TOKEN");
        builder.environment().putAll(environment);
        return builder.start();
    }
}
