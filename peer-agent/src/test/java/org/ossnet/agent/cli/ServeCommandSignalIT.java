package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ossnet serve} from the packaged jar in its own JVM, stopped the way an operator stops it: with SIGTERM. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServeCommandSignalIT {

    @TempDir
    Path root;

    @Test
    void stopsOnSigtermWithTheSignalExitCode() throws Exception {
        Files.writeString(root.resolve("hello.txt"), "hello");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process process = new ProcessBuilder(java, "-jar", cliJar().toString(), "serve", root.toString(), "--port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertThat(line).startsWith("serving ");
            URI base = URI.create(line.substring(line.indexOf(" at ") + 4));
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(base.resolve("hello.txt")).build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("hello");

            process.destroy(); // SIGTERM

            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(128 + 15);
        } finally {
            process.destroyForcibly();
        }
    }

    private static Path cliJar() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().endsWith("-cli.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no -cli.jar in target/: run through mvn verify"));
        }
    }
}
