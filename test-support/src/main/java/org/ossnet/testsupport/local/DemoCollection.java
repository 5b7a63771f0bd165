package org.ossnet.testsupport.local;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.ossnet.testsupport.http.HttpProbe;

/**
 * The sample tree of {@code ./ossnet local}: written under the work directory, published as
 * collection {@code demo} with {@code ossnet publish} and seeded by an origin ({@code ossnet seed},
 * swarm and HTTP) — the same commands a publisher runs.
 */
final class DemoCollection {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** The tree's directory under the work directory. */
    static final String TREE = "demo";

    /** The publisher's and the origin's {@code OSSNET_HOME} under the work directory, pinning this run's key. */
    static final String HOME = "agent-home";

    private final Path agentJar;
    private final Path tree;
    private final Path agentHome;
    private final Path logs;
    private int originPort;

    DemoCollection(Path agentJar, Path workDirectory, Path logs) {
        this.agentJar = agentJar;
        this.tree = workDirectory.resolve(TREE);
        this.agentHome = workDirectory.resolve(HOME);
        this.logs = logs;
    }

    /** Writes the sample tree, to be served at {@code port}. */
    void prepare(int port) throws IOException {
        writeTree();
        originPort = port;
    }

    /**
     * Starts the origin: {@code ossnet seed} on the published tree, seeding every file to its swarm and serving the
     * tree over HTTP (the torrents' web seed); returns once it announced its swarms.
     */
    ServiceProcess startOrigin(URI name, URI tracker) throws IOException {
        URI url = URI.create("http://" + LocalNetwork.HOST + ":" + originPort + "/");
        Path log = LocalNetwork.fresh(logs, "origin");
        ServiceProcess origin = ServiceProcess.start(
                "origin",
                agentJar,
                List.of(
                        "seed",
                        tree.toString(),
                        "--collection",
                        name.toString(),
                        "--tracker",
                        tracker.toString(),
                        "--listen",
                        LocalNetwork.HOST + ":0",
                        "--http",
                        LocalNetwork.HOST + ":" + originPort),
                url,
                Map.of("OSSNET_HOME", agentHome.toString()),
                log);
        Instant deadline = Instant.now().plus(TIMEOUT);
        // The seeder prints "seeding N swarms of …" ("1 swarm of" for one) once its HTTP server is up and its swarms
        // are announced.
        Pattern seeding = Pattern.compile("seeding \\d+ swarms? of " + Pattern.quote(name.toString()));
        while (!seeding.matcher(Files.readString(log)).find() || !serves(url)) {
            if (!origin.isAlive() || Instant.now().isAfter(deadline)) {
                origin.requestStop();
                throw new IllegalStateException("The origin did not start:\n" + origin.logTail(20));
            }
            sleep();
        }
        return origin;
    }

    private static boolean serves(URI url) {
        try {
            return HttpProbe.get(url.resolve("README.txt")).status() == 200;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Publishes the tree as {@code ossnet://<public tracker authority>/demo}; returns that name. */
    URI publish(URI publicTracker, URI tracker, String token) throws IOException {
        URI name = URI.create("ossnet://" + publicTracker.getAuthority() + "/demo");
        List<String> command = new ArrayList<>(List.of(ServiceProcess.javaBinary(), "-jar", agentJar.toString()));
        command.addAll(List.of(
                "publish",
                tree.toString(),
                "--collection",
                name.toString(),
                "--tracker",
                tracker.toString(),
                "--origin-url",
                "http://" + LocalNetwork.HOST + ":" + originPort + "/"));
        Path log = logs.resolve("publish.log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // The token travels in the environment, never on a command line that ps would show.
        builder.environment().put("OSSNET_TOKEN", token);
        builder.environment().put("OSSNET_HOME", agentHome.toString());
        Process process = builder.start();
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Publishing the demo timed out:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing the demo", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    "Publishing the demo failed (exit " + process.exitValue() + "):\n" + Files.readString(log));
        }
        return name;
    }

    private void writeTree() throws IOException {
        Files.createDirectories(tree.resolve("images"));
        Files.createDirectories(tree.resolve("docs/guide"));
        Files.writeString(tree.resolve("README.txt"), """
                This is OSSNET's demo collection, published by ./ossnet local.
                Every file here is listed in a snapshot signed by the publisher's key.
                """, StandardCharsets.UTF_8);
        Files.writeString(
                tree.resolve("docs/guide/getting started.md"),
                "# Getting started\n\nRun `./ossnet ls ossnet://127.0.0.1:8080/demo/`.\n",
                StandardCharsets.UTF_8);
        Files.write(tree.resolve("docs/empty.txt"), new byte[0]);
        // A deterministic 24 MiB image: big enough to have many pieces, small enough to start fast.
        Path image = tree.resolve("images/demo-24MiB.img");
        if (!Files.exists(image) || Files.size(image) != 24L << 20) {
            byte[] chunk = new byte[1 << 20];
            Random random = new Random(42);
            try (var out = Files.newOutputStream(image)) {
                for (int i = 0; i < 24; i++) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                }
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
