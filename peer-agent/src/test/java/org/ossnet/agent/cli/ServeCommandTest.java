package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServeCommandTest {

    private static final Pattern URL = Pattern.compile("at (http://\\S+)");

    @TempDir
    Path root;

    @Test
    void servesTheTreeAtThePrintedUrlUntilStopped() throws Exception {
        Files.writeString(root.resolve("hello.txt"), "hello");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread serving = new Thread(() -> {
            CommandLine commandLine = OssnetCli.commandLine();
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            exitCode.set(commandLine.execute("serve", root.toString(), "--port", "0"));
        });
        serving.start();
        try {
            URI base = awaitUrl(out);
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(base.resolve("hello.txt")).build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(base.getHost()).isEqualTo("127.0.0.1");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello");
        } finally {
            serving.interrupt();
            serving.join(10_000);
        }
        assertThat(serving.isAlive()).isFalse();
        assertThat(exitCode.get()).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(err.toString()).contains("\"GET /hello.txt HTTP/1.1\" 200 5");
    }

    @Test
    void refusesAMissingDirectoryWithTheBadInputExitCode() {
        OssnetCliTest.Result result =
                OssnetCliTest.run("serve", root.resolve("absent").toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(result.err()).contains("is not a directory");
    }

    @Test
    void refusesABusyPortWithTheUsageExitCode() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            OssnetCliTest.Result result = OssnetCliTest.run(
                    "serve", root.toString(), "--quiet", "--port", Integer.toString(busy.getLocalPort()));

            assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(result.err()).contains("cannot listen on");
        }
    }

    @Test
    void refusesAPortOutOfRange() {
        OssnetCliTest.Result result = OssnetCliTest.run("serve", root.toString(), "--port", "70000");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    private static URI awaitUrl(StringWriter out) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            Matcher matcher = URL.matcher(out.toString());
            if (matcher.find()) {
                return URI.create(matcher.group(1));
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no URL printed: " + out);
    }
}
