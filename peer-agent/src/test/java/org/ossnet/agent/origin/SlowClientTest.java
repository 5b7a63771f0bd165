package org.ossnet.agent.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Clients that are slow, stuck or oversized cannot hold the server or its other clients. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SlowClientTest {

    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(800);

    @TempDir
    Path root;

    private HttpFileServer server;

    @BeforeEach
    void serve() throws IOException {
        Files.writeString(root.resolve("file.txt"), "content");
        server = OriginFixtures.start(root, OriginFixtures.impatient(REQUEST_TIMEOUT));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void servesOthersWhileClientsSendTheirHeadersSlowly() throws IOException {
        // A server of its own whose slow clients would only be dropped after 20 s: an answer sooner than that proves by
        // construction that they did not hold it, however busy the machine is (800 ms could be lost to a busy CPU).
        Duration patience = Duration.ofSeconds(20);
        server.close();
        server = OriginFixtures.start(root, OriginFixtures.impatient(patience));
        List<RawHttp> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                RawHttp client = new RawHttp(server.port());
                client.writeRaw("GET /file.txt HTTP/1.1\r\nHost: loc");
                slow.add(client);
            }
            long start = System.nanoTime();
            RawHttp.Response response = RawHttp.exchange(server.port(), "GET", "/file.txt");

            assertThat(response.status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(patience);
        } finally {
            for (RawHttp client : slow) {
                client.close();
            }
        }
    }

    @Test
    void disconnectsAClientThatTricklesItsHeadPastTheRequestTimeout() throws Exception {
        try (RawHttp client = new RawHttp(server.port())) {
            long start = System.nanoTime();
            boolean closed = false;
            // A byte every 100 ms would keep resetting a per-read timeout forever; the deadline covers the whole head.
            for (int i = 0; i < 100 && !closed; i++) {
                try {
                    client.writeRaw("X");
                } catch (IOException e) {
                    closed = true;
                }
                Thread.sleep(100);
            }

            assertThat(closed || client.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(REQUEST_TIMEOUT.multipliedBy(5));
        }
    }

    @Test
    void disconnectsAnIdleKeptAliveConnection() throws IOException {
        try (RawHttp client = new RawHttp(server.port())) {
            assertThat(client.send("GET", "/file.txt").status()).isEqualTo(200);

            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void answersAnOversizedHeadWith431AndCloses() throws IOException {
        try (RawHttp client = new RawHttp(server.port())) {
            RawHttp.Response response = client.send("GET", "/file.txt", "X-Padding: " + "a".repeat(20_000));

            assertThat(response.status()).isEqualTo(431);
            assertThat(response.header("Connection")).isEqualTo("close");
        }
    }

    @Test
    void answersAMalformedRequestLineWith400() throws IOException {
        try (RawHttp client = new RawHttp(server.port())) {
            client.writeRaw("GET  /file.txt HTTP/1.1\r\nHost: x\r\n\r\n");

            assertThat(client.read(false).status()).isEqualTo(400);
        }
    }
}
