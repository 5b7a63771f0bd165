package org.ossnet.system.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A process started from an unpacked image the way a container runtime would start it, without one: in its own mount
 * and PID namespaces ({@code unshare}), with {@code /dev} bound in and a fresh {@code /proc}, its root changed to the
 * image's root file system, as the image's user, in its working directory, with only the image's environment and the
 * given variables. It shares the host's network, so it reaches the test's PostgreSQL and the test reaches it.
 *
 * <p>The process is PID 1 of its namespace, so killing it ends everything it started, and the namespace's mounts go
 * with the namespace: nothing is left behind on the host.
 */
final class ContainerProcess implements AutoCloseable {

    private static final boolean ROOT = new com.sun.security.auth.module.UnixSystem().getUid() == 0;

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ContainerProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Runs {@code image}'s command with {@code arguments} (none: its {@code Cmd}) from {@code root}, with {@code
     * environment} over the image's; standard output and error go to files under {@code logs}.
     */
    static ContainerProcess start(
            Path root, ImageConfig image, List<String> arguments, Map<String, String> environment, Path logs)
            throws IOException {
        Files.createDirectories(root.resolve("dev"));
        Files.createDirectories(root.resolve("proc"));
        List<String> command = new ArrayList<>(List.of(host("unshare")));
        if (!ROOT) {
            // Without root, a user namespace gives the mount and PID namespaces; only our own uid is mapped into it
            // (as root), so the process runs as that root instead of the image's user: the image is still run,
            // and its User is still checked from the config by the test.
            command.addAll(List.of("--user", "--map-root-user"));
        }
        command.addAll(List.of("--mount", "--pid", "--fork", "--kill-child"));
        // The host's sh prepares the mounts inside the new namespaces, then the host's unshare enters the root file
        // system and becomes the image's user: from that exec on, only the image's files are used.
        String enter = "exec " + host("unshare") + " --root=\"$root\" --wd=\"$wd\""
                + (ROOT ? " --setuid=\"$uid\" --setgid=\"$gid\"" : "");
        command.addAll(List.of(
                host("sh"),
                "-c",
                "root=\"$0\" wd=\"$1\" uid=\"$2\" gid=\"$3\" && shift 3 && " + host("mount")
                        + " --rbind /dev \"$root/dev\" && " + host("mount") + " -t proc proc \"$root/proc\" && "
                        + enter + " -- \"$@\"",
                root.toString(),
                image.workingDirectory().isEmpty() ? "/" : image.workingDirectory(),
                Long.toString(image.uid()),
                Long.toString(image.gid())));
        command.addAll(image.command(arguments));
        Files.createDirectories(logs);
        Path stdout = logs.resolve("stdout.log");
        Path stderr = logs.resolve("stderr.log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().clear();
        builder.environment().putAll(image.environment());
        builder.environment().putAll(environment);
        return new ContainerProcess(builder.start(), stdout, stderr);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end on its own and returns its exit code, or fails after {@code seconds}. */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("still running after " + seconds + " s:\n" + output());
        }
        return process.exitValue();
    }

    /** The lines the process wrote to standard output so far. */
    List<String> stdoutLines() throws IOException {
        return Files.readAllLines(stdout);
    }

    /** Both outputs, to explain a failure. */
    String output() {
        try {
            return "stdout:\n" + Files.readString(stdout) + "\nstderr:\n" + Files.readString(stderr);
        } catch (IOException e) {
            return "(cannot read the output: " + e.getMessage() + ")";
        }
    }

    /**
     * Stops the process gracefully (SIGTERM to the image's process), then by force. Killing PID 1 of the namespace
     * takes every process in it along. ({@code --kill-child} would do that if the test JVM died first, but a change of
     * user clears it, so as root only this close does.)
     */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The host's own copy of a tool, by absolute path: the process's PATH is the image's, not the host's. */
    private static String host(String tool) {
        return Stream.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")
                .map(directory -> Path.of(directory, tool))
                .filter(Files::isExecutable)
                .findFirst()
                .map(Path::toString)
                .orElseThrow(() -> new IllegalStateException(tool + " is not installed on this host"));
    }
}
