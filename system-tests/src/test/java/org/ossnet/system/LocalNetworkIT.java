package org.ossnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.trust.TrustStore;
import org.ossnet.core.pgp.SigningKey;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.testsupport.FreePorts;
import org.ossnet.testsupport.http.HttpProbe;

/** Runs the {@code ./ossnet local} launcher as a new user would, and stops it as Ctrl-C or SIGTERM would. */
class LocalNetworkIT {

    static final Path REPOSITORY =
            Path.of(System.getProperty("ossnet.repo", "..")).toAbsolutePath().normalize();

    @TempDir
    Path work;

    @Test
    void startsAllFourServicesHealthyWritesTheEnvFileAndStopsCleanlyOnSigterm() throws Exception {
        // An earlier run in the same directory left its publisher key pinned in the publisher's home; this run's
        // database, and so its key, is new: the origin must not refuse the new snapshot as signed by an unknown key.
        int trackerPort = FreePorts.pick(java.net.InetAddress.getByName("127.0.0.1"));
        Path earlierTrust = new TrustStore(work.resolve(".ossnet-local/agent-home/config/trust"))
                .keyringFile("127.0.0.1:" + trackerPort);
        Files.createDirectories(earlierTrust.getParent());
        Files.writeString(
                earlierTrust, SigningKey.generate("an earlier run").publicKey().armored());
        Process launcher =
                launcher(freePorts(Map.of("--tracker-port", trackerPort))).start();
        try {
            Path envFile = work.resolve(".ossnet-local/env");
            awaitFile(envFile, launcher, Duration.ofSeconds(240));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(envFile)))
                    .as("the env file holds a credential")
                    .isEqualTo("rw-------");
            Map<String, String> env = readEnv(envFile);
            assertThat(env)
                    .containsKeys(
                            "OSSNET_TRACKER_URL",
                            "OSSNET_SIGNING_URL",
                            "OSSNET_STATS_URL",
                            "OSSNET_REGION_URL",
                            "OSSNET_ORIGIN_URL",
                            "OSSNET_DEMO",
                            "OSSNET_HOME",
                            "OSSNET_TOKEN");

            List<URI> services = new ArrayList<>();
            for (String key :
                    List.of("OSSNET_TRACKER_URL", "OSSNET_SIGNING_URL", "OSSNET_STATS_URL", "OSSNET_REGION_URL")) {
                URI url = URI.create(env.get(key));
                services.add(url);
                assertThat(HttpProbe.get(url.resolve("/actuator/health/readiness"))
                                .body())
                        .as(key)
                        .contains("\"status\":\"UP\"");
            }
            HttpProbe.Response whoami = HttpProbe.get(
                    URI.create(env.get("OSSNET_TRACKER_URL") + "/api/v1/whoami"),
                    Map.of("Authorization", "Bearer " + env.get("OSSNET_TOKEN")));
            assertThat(whoami.status()).isEqualTo(200);
            assertThat(whoami.body()).contains("publisher");

            // The origin is `ossnet seed`: the tracker counts it as a seed of the demo image's swarm.
            URI tracker = URI.create(env.get("OSSNET_TRACKER_URL"));
            InfoHash image = SwarmProbe.infoHash(tracker, "demo/images/demo-24MiB.img");
            assertThat(SwarmProbe.awaitSeeds(tracker, image, n -> n >= 1, Duration.ofSeconds(60)))
                    .isEqualTo(1);
            assertThat(HttpProbe.get(URI.create(env.get("OSSNET_ORIGIN_URL") + "README.txt"))
                            .status())
                    .as("the origin serves the tree over HTTP")
                    .isEqualTo(200);

            List<ProcessHandle> children = launcher.descendants().toList();
            assertThat(children).as("four services, the origin and PostgreSQL").hasSizeGreaterThanOrEqualTo(6);
            // Each service runs from its extracted jar with its start-up cache, or trains it (the first run of a
            // build).
            List<String> serviceStarts = children.stream()
                    .map(child -> String.join(" ", child.info().arguments().orElse(new String[0])))
                    .filter(arguments -> arguments.contains("ossnet-start-cache"))
                    .toList();
            assertThat(serviceStarts)
                    .hasSize(4)
                    .allMatch(
                            arguments -> arguments.matches(
                                    ".*-XX:AOTCache(Output)?=\\S*/target/ossnet-start-cache/.* -jar \\S*/ossnet-start-cache/.*"));

            launcher.destroy(); // SIGTERM, as a service manager or kill would send
            // A first run also writes the services' start-up caches as they stop: up to a minute more on two cores.
            assertThat(launcher.waitFor(180, TimeUnit.SECONDS))
                    .as("the launcher stops")
                    .isTrue();
            assertThat(Files.exists(envFile)).as("a stale env file is removed").isFalse();
            for (ProcessHandle child : children) {
                assertThat(child.isAlive())
                        .as("child " + child.pid() + " stopped")
                        .isFalse();
            }
            for (URI url : services) {
                assertThat(accepts(url)).as(url + " stopped listening").isFalse();
            }
            for (String module : List.of("tracker-service", "signing-service", "stats-service", "region-service")) {
                try (var files = Files.walk(REPOSITORY.resolve(module).resolve("target/ossnet-start-cache"))) {
                    assertThat(files.map(path -> path.getFileName().toString()))
                            .as(module + "'s start-up cache is written")
                            .contains("service.aot");
                }
            }
            // What this network's training runs wrote became the caches, or is gone: nothing half-written is left.
            // (Another network of the same build may be training meanwhile; its files are its own.)
            for (String arguments : serviceStarts) {
                Matcher training = Pattern.compile("-XX:AOTCacheOutput=(\\S+)").matcher(arguments);
                if (training.find()) {
                    assertThat(Path.of(training.group(1))).doesNotExist();
                    assertThat(Path.of(training.group(1) + ".config")).doesNotExist();
                }
            }
            assertThat(Files.readString(work.resolve("launcher.log")))
                    .as("it says what it is doing while it starts, then how to use it, then that it stopped")
                    .containsSubsequence(
                            "Starting PostgreSQL, the four OSSNET services and the demo origin; this takes",
                            "  starting PostgreSQL ...",
                            "  PostgreSQL is up (",
                            "  starting tracker-service at http://127.0.0.1:",
                            "  starting region-service at http://127.0.0.1:",
                            "  publishing the sample tree as collection demo",
                            "  published " + env.get("OSSNET_DEMO") + " (",
                            "  starting the origin (ossnet seed)",
                            "  the origin is seeding at " + env.get("OSSNET_ORIGIN_URL") + " (",
                            "  everything is up (",
                            "OSSNET is running locally:",
                            "Press Ctrl-C to stop.",
                            "Stopped.")
                    .contains(
                            "  tracker-service is up (",
                            "  signing-service is up (",
                            "  stats-service is up (",
                            "  region-service is up (");
        } finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    @Test
    void refusesABusyPortWithAClearMessageAndTheUsageExitCode() throws Exception {
        try (var busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Process launcher = launcher(freePorts(Map.of("--tracker-port", busy.getLocalPort())))
                    .start();
            assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(launcher.exitValue()).isEqualTo(2);
            assertThat(Files.readString(work.resolve("launcher.log")))
                    .contains("Port " + busy.getLocalPort() + " on 127.0.0.1 is in use")
                    .contains("--tracker-port");
        }
    }

    /**
     * Every port option at 0 (a free port) but those given: never a default port such as 6969, which a second build's
     * tests or a developer's own {@code ./ossnet local} may hold.
     */
    static String[] freePorts(Map<String, Integer> fixed) {
        List<String> args = new ArrayList<>();
        for (String option : List.of(
                "--tracker-port",
                "--signing-port",
                "--stats-port",
                "--region-port",
                "--origin-port",
                "--tracker-announce-port")) {
            args.add(option);
            args.add(Integer.toString(fixed.getOrDefault(option, 0)));
        }
        return args.toArray(String[]::new);
    }

    ProcessBuilder launcher(String... args) throws IOException {
        String classpath = REPOSITORY.resolve("test-support/target/classes")
                + java.io.File.pathSeparator
                + Files.readString(REPOSITORY.resolve("test-support/target/runtime-classpath.txt"))
                        .trim();
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Dossnet.repo=" + REPOSITORY,
                "-cp",
                classpath,
                "org.ossnet.testsupport.local.LocalNetwork"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("launcher.log").toFile());
    }

    void awaitFile(Path file, Process launcher, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!Files.exists(file)) {
            if (!launcher.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("./ossnet local did not come up (exit "
                        + (launcher.isAlive() ? "none" : launcher.exitValue()) + "):\n"
                        + Files.readString(work.resolve("launcher.log")));
            }
            Thread.sleep(250);
        }
    }

    static Map<String, String> readEnv(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int equals = line.indexOf('=');
                env.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return env;
    }

    static boolean accepts(URI url) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
