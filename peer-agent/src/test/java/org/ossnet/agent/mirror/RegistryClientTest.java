package org.ossnet.agent.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ossnet.core.api.MirrorCollection;
import org.ossnet.core.api.MirrorHolding;
import org.ossnet.core.api.MirrorRegistration;
import tools.jackson.databind.json.JsonMapper;

class RegistryClientTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final URI BASE = URI.create("https://mirror.example.org/pub/");

    /** One request the registry saw. */
    record Seen(String method, String path, String authorization, String body) {}

    private HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger registrations = new AtomicInteger();
    private volatile String acceptedToken;
    private volatile int registerStatus = 201;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/mirrors", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void registersOnceThenReportsEachHoldingWithItsReportToken() throws Exception {
        RegistryClient client = client(Optional.empty());

        RegistryClient.Registration first =
                client.report(Optional.empty(), new MirrorHolding("ossnet://example.org/c", 1));
        RegistryClient.Registration second =
                client.report(Optional.of(first), new MirrorHolding("ossnet://example.org/c", 2));

        assertThat(second).isEqualTo(first);
        assertThat(first.official()).isFalse();
        assertThat(first.holdings()).isEqualTo(url("/api/v1/mirrors/1/holdings"));
        assertThat(seen).extracting(Seen::method).containsExactly("POST", "PUT", "PUT");
        assertThat(seen.getFirst().authorization()).as("no token: unofficial").isNull();
        assertThat(seen.get(1).authorization()).isEqualTo("Bearer report-1");
        assertThat(JSON.readValue(seen.get(2).body(), MirrorHolding.class))
                .isEqualTo(new MirrorHolding("ossnet://example.org/c", 2));
        assertThat(first.toString()).as("the report token is never shown").doesNotContain("report-1");
    }

    @Test
    void registersAsOfficialWithTheMirrorToken() throws Exception {
        RegistryClient.Registration registration =
                client(Optional.of("mirror-secret")).register();

        assertThat(registration.official()).isTrue();
        assertThat(seen.getFirst().authorization()).isEqualTo("Bearer mirror-secret");
    }

    @Test
    void registersAgainWhenTheTrackerRefusesTheReportToken() throws Exception {
        RegistryClient client = client(Optional.empty());
        RegistryClient.Registration first = client.register();
        acceptedToken = "someone-else";

        RegistryClient.Registration again =
                client.report(Optional.of(first), new MirrorHolding("ossnet://example.org/c", 3));

        assertThat(again.id()).isEqualTo(2);
        assertThat(again.reportToken()).isEqualTo("report-2");
        assertThat(seen).extracting(Seen::method).containsExactly("POST", "PUT", "POST", "PUT");
    }

    @Test
    void saysWhenTheBaseUrlIsRegisteredAlready() {
        registerStatus = 409;

        assertThatThrownBy(() -> client(Optional.empty()).register())
                .isInstanceOfSatisfying(
                        RegistryClient.RegistryException.class,
                        e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("409");
    }

    @Test
    void registersTheConfiguredCollectionsRulesAndHighestCap() throws Exception {
        MirrorConfig config = MirrorConfigParser.parse("""
                tree = /srv/mirror
                name = Example
                upload-rate = 5M
                upload-schedule = 20:00-08:00 50M
                [collection ossnet://example.org/fedora/45]
                exclude = /debug/
                include = *.rpm
                """, Path.of("/etc"));

        MirrorRegistration registration = RegistryClient.registrationOf(config, BASE);

        assertThat(registration)
                .isEqualTo(new MirrorRegistration(
                        "Example",
                        BASE,
                        List.of(new MirrorCollection(
                                "ossnet://example.org/fedora/45", List.of("- /debug/", "+ *.rpm"))),
                        50L << 20));
        MirrorConfig unlimited =
                MirrorConfigParser.parse("tree = t\n[collection ossnet://example.org/c]\n", Path.of("/etc"));
        assertThat(RegistryClient.registrationOf(unlimited, BASE).uploadCap()).isNull();
        assertThat(RegistryClient.registrationOf(unlimited, BASE).name()).isEqualTo("mirror.example.org");
    }

    private RegistryClient client(Optional<String> token) {
        MirrorRegistration registration = new MirrorRegistration(
                "test", BASE, List.of(new MirrorCollection("ossnet://example.org/c", List.of())), null);
        return new RegistryClient(
                HttpClient.newHttpClient(), url("/api/v1/mirrors"), registration, token, Duration.ofSeconds(10));
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), authorization, body));
        if (exchange.getRequestMethod().equals("POST")) {
            JSON.readValue(body, MirrorRegistration.class);
            if (registerStatus != 201) {
                send(exchange, registerStatus, "{\"detail\":\"a mirror with that base URL is registered\"}");
                return;
            }
            int id = registrations.incrementAndGet();
            acceptedToken = "report-" + id;
            // The holdings URL is relative, as a tracker behind a proxy might write it; the client resolves it.
            send(
                    exchange,
                    201,
                    "{\"id\":" + id + ",\"official\":" + (authorization != null) + ",\"reportToken\":\"report-" + id
                            + "\",\"holdings\":\"/api/v1/mirrors/" + id + "/holdings\"}");
        } else {
            boolean known = ("Bearer " + acceptedToken).equals(authorization);
            send(exchange, known ? 202 : 401, known ? "" : "{\"title\":\"Unauthorized\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
