package org.ossnet.testsupport.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One child process of the local network (a service JVM, the origin server), with its output in
 * a log file.
 *
 * <p>Configuration reaches the child through environment variables, never through arguments, so
 * passwords and tokens do not show up in {@code ps}.
 */
final class ServiceProcess {

    private final String name;
    private final URI url;
    private final Path log;
    private final Process process;
    private final Instant started;
    private final StartCache.Start start;
    private volatile boolean killed;

    /** The environment variable whose JVM options replace {@link #DEFAULT_JVM_OPTIONS} for every service. */
    static final String JVM_OPTIONS_VARIABLE = "OSSNET_LOCAL_JVM_OPTIONS";

    static final String DEFAULT_JVM_OPTIONS = "-Xmx384m -XX:+UseSerialGC";

    /** The environment variable whose JVM options come after the others, e.g. C1 alone for short-lived services. */
    static final String EXTRA_JVM_OPTIONS_VARIABLE = "OSSNET_LOCAL_EXTRA_JVM_OPTIONS";

    /** How long a service that writes its start-up cache as it stops may take to stop: two cores, four at once. */
    static final Duration TRAINING_STOP = Duration.ofSeconds(120);

    private ServiceProcess(String name, URI url, Path log, Process process, Instant started, StartCache.Start start) {
        this.name = name;
        this.url = url;
        this.log = log;
        this.process = process;
        this.started = started;
        this.start = start;
    }

    /**
     * Starts a Spring Boot service jar as {@link #start} does, the jar extracted and with its {@link StartCache start-up
     * cache}.
     */
    static ServiceProcess startService(
            String name, Path jar, List<String> args, URI url, Map<String, String> environment, Path log)
            throws IOException {
        return start(name, StartCache.prepare(jar, jvmOptions()), args, url, environment, log);
    }

    /** Starts {@code java <jvmOptions> -jar jar <args>} with the same JVM binary as ours. */
    static ServiceProcess start(
            String name, Path jar, List<String> args, URI url, Map<String, String> environment, Path log)
            throws IOException {
        return start(name, StartCache.Start.plain(jar, jvmOptions()), args, url, environment, log);
    }

    private static ServiceProcess start(
            String name, StartCache.Start start, List<String> args, URI url, Map<String, String> environment, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(start.jvmOptions());
        command.addAll(List.of("-jar", start.jar().toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Instant started = Instant.now();
        return new ServiceProcess(name, url, log, builder.start(), started, start);
    }

    /**
     * Several JVMs share the machine with the database; a modest heap each is plenty locally.
     * OSSNET_LOCAL_JVM_OPTIONS replaces that, e.g. for a benchmark sized like a deployment, and
     * OSSNET_LOCAL_EXTRA_JVM_OPTIONS adds to either.
     */
    private static List<String> jvmOptions() {
        return jvmOptions(System.getenv());
    }

    static List<String> jvmOptions(Map<String, String> environment) {
        String options = environment.getOrDefault(JVM_OPTIONS_VARIABLE, DEFAULT_JVM_OPTIONS) + " "
                + environment.getOrDefault(EXTRA_JVM_OPTIONS_VARIABLE, "");
        return Arrays.asList(options.strip().split("\\s+"));
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** The service's module name, or {@code origin}. */
    String name() {
        return name;
    }

    URI url() {
        return url;
    }

    /** When the process was started, to say how long it took to become ready. */
    Instant started() {
        return started;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Asks the service to shut down gracefully (SIGTERM); {@link #awaitStopped} waits for it. */
    void requestStop() {
        process.destroy();
    }

    /** Kills the process at once (SIGKILL: no shutdown hooks, nothing flushed) and waits until it has gone. */
    void kill() {
        killed = true;
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " was still running 30 s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        start.promote(false);
    }

    /**
     * Waits for the process to end, killing it if it takes longer than {@code seconds}, or {@link #TRAINING_STOP} when
     * it writes its start-up cache as it stops.
     */
    void awaitStopped(long seconds) {
        boolean graceful = false;
        try {
            long wait = start.training().isPresent() ? Math.max(seconds, TRAINING_STOP.toSeconds()) : seconds;
            graceful = process.waitFor(wait, TimeUnit.SECONDS) && !killed;
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        start.promote(graceful);
    }

    /**
     * Whether this run would write its start-up cache when it stops though another run of the jar has written one
     * meanwhile: stopping it gracefully would only spend half a minute to replace that.
     */
    boolean trainsInVain() {
        return start.trainsInVain();
    }

    /** Whether this run writes its start-up cache when it stops, which takes longer. */
    boolean trainsCache() {
        return start.training().isPresent();
    }

    /** The last lines of the service's log, to show why it did not come up. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
