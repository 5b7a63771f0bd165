package org.ossnet.system.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ossnet.core.testing.Await;
import org.ossnet.testsupport.FreePorts;
import org.ossnet.testsupport.http.HttpProbe;
import org.ossnet.testsupport.local.ServiceKind;
import org.ossnet.testsupport.postgres.TestPostgres;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs each image that the build wrote ({@code target/jib-image.tar}, under {@code -Pinterop}) from its own files:
 * its layers unpacked into an empty directory, its config's entrypoint, user and environment, no Docker (see
 * {@link ContainerProcess}). A service must become ready against a real PostgreSQL and log ECS JSON; the agent must
 * print its version.
 */
class ImagesInteropIT {

    static final Path REPOSITORY =
            Path.of(System.getProperty("ossnet.repo", "..")).toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("ossnet.version", "0.1.0-SNAPSHOT");

    /** A service's start on two cores shared with another build took up to 40 s; three times that is a failure. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String HOST = "127.0.0.1";

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(ServiceKind.class)
    void serviceImageBecomesReadyAsNonRootAndLogsEcsJson(ServiceKind kind) throws Exception {
        ImageTarball image = unpack(kind.module());
        ImageConfig config = image.config();
        assertThat(image.repoTags()).containsExactly("ossnet/" + kind.module() + ":" + VERSION);
        assertThat(config.uid()).as("the image's user").isNotZero();
        assertThat(config.gid()).as("the image's group").isNotZero();
        assertThat(config.exposedPorts()).isEqualTo(declaredPorts(kind));
        assertThat(config.labels())
                .containsEntry("org.ossnet.health.liveness", "/actuator/health/liveness")
                .containsEntry("org.ossnet.health.readiness", "/actuator/health/readiness");
        assertThat(config.environment()).containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
        assertThat(config.entrypoint()).contains("-XX:MaxRAMPercentage=75").noneMatch(flag -> flag.startsWith("-Xmx"));

        URI url = URI.create("http://" + HOST + ":" + FreePorts.pick(InetAddress.getByName(HOST)));
        try (ContainerProcess service = ContainerProcess.start(
                work.resolve("root"), config, List.of(), environment(kind, url), work.resolve("logs"))) {
            Await.until(
                    () -> !service.isAlive() || ready(url),
                    READY_TIMEOUT,
                    () -> kind.module() + " did not become ready at " + url + "\n" + service.output());
            assertThat(service.isAlive())
                    .as(() -> kind.module() + " exited\n" + service.output())
                    .isTrue();
            assertThat(HttpProbe.get(url.resolve("/actuator/health/liveness")).status())
                    .isEqualTo(200);
            List<String> lines = service.stdoutLines();
            assertThat(lines).as("the service's standard output").isNotEmpty();
            for (String line : lines) {
                assertThat(ecsLogEvent(line)).as("an ECS JSON event: " + line).isTrue();
            }
        }
    }

    @Test
    void agentImagePrintsItsVersion() throws Exception {
        ImageTarball image = unpack("peer-agent");
        ImageConfig config = image.config();
        assertThat(image.repoTags()).containsExactly("ossnet/peer-agent:" + VERSION);
        assertThat(config.uid()).as("the image's user").isNotZero();
        assertThat(config.exposedPorts()).isEmpty();

        try (ContainerProcess agent = ContainerProcess.start(
                work.resolve("root"), config, List.of("--version"), Map.of(), work.resolve("logs"))) {
            int exitCode = agent.waitFor(60);
            assertThat(exitCode).as(agent::output).isZero();
            assertThat(agent.stdoutLines()).as(agent::output).containsExactly("ossnet " + VERSION);
        }
    }

    /** The module's image, its layers unpacked into {@code work/root}. */
    private ImageTarball unpack(String module) throws IOException, InterruptedException {
        Path tarball = REPOSITORY.resolve(module).resolve("target/jib-image.tar");
        assertThat(tarball)
                .as("built by -Pinterop (or -Pimages -Dossnet.image.base=offline)")
                .isRegularFile();
        ImageTarball image = ImageTarball.open(tarball, work);
        image.unpackRootFileSystem(work.resolve("root"));
        // The layer tarballs are no longer needed once unpacked; the root goes with the temporary directory.
        image.deleteFiles();
        return image;
    }

    /** What a deployment would configure (as {@code LocalNetwork} does), with free ports and a fresh database. */
    private static Map<String, String> environment(ServiceKind kind, URI url) throws IOException {
        Map<String, String> env = new HashMap<>();
        TestPostgres.freshDatabase("image_" + kind.database())
                .registerAsDataSource((name, value) -> env.put(
                        name.toUpperCase(Locale.ROOT).replace('.', '_'),
                        value.get().toString()));
        env.put("SERVER_ADDRESS", HOST);
        env.put("SERVER_PORT", Integer.toString(url.getPort()));
        env.put("OSSNET_" + kind.database().toUpperCase(Locale.ROOT) + "_PUBLIC_URL", url.toString());
        // Peers that are not running: no service needs another to become ready.
        String absent = "http://" + HOST + ":" + FreePorts.pick(InetAddress.getByName(HOST));
        switch (kind) {
            case TRACKER -> {
                env.put("OSSNET_TRACKER_BOOTSTRAP_PUBLISHER_TOKEN", secret());
                env.put("OSSNET_TRACKER_SIGNING_URL", absent);
                env.put("OSSNET_TRACKER_SIGNING_TOKEN", secret());
                env.put("OSSNET_TRACKER_ANNOUNCE_BIND_ADDRESS", HOST);
                env.put("OSSNET_TRACKER_ANNOUNCE_PORT", Integer.toString(FreePorts.pick(InetAddress.getByName(HOST))));
            }
            case SIGNING -> env.put("OSSNET_SIGNING_KEY_PASSPHRASE", secret());
            case REGION -> env.put("OSSNET_REGION_MASTER_URL", absent);
            default -> {}
        }
        return env;
    }

    private static Set<String> declaredPorts(ServiceKind kind) {
        String http = kind.defaultPort() + "/tcp";
        return kind == ServiceKind.TRACKER ? Set.of(http, "6969/tcp") : Set.of(http);
    }

    private static boolean ready(URI url) {
        try {
            HttpProbe.Response readiness = HttpProbe.get(url.resolve("/actuator/health/readiness"));
            return readiness.status() == 200 && readiness.body().contains("\"UP\"");
        } catch (IOException notListeningYet) {
            return false;
        }
    }

    /** Whether a line is one JSON object with the fields every ECS event has. */
    private static boolean ecsLogEvent(String line) {
        try {
            JsonNode event = JSON.readTree(line);
            return event.isObject()
                    && event.has("@timestamp")
                    && event.path("log").has("level")
                    && event.has("message")
                    && event.path("ecs").has("version");
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    /** A fresh random token or passphrase, as long as the services require of real ones. */
    private static String secret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
