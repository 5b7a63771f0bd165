package org.ossnet.signing.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SigningClientTest {

    private HttpServer server;
    private volatile int status = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/signatures/snapshot", exchange -> {
            boolean authorised =
                    "Bearer secret".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (authorised ? "-----BEGIN PGP SIGNATURE-----" : "no").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Ossnet-Key-Fingerprint", "ABCD");
            exchange.sendResponseHeaders(authorised ? status : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/api/v1/keys", exchange -> {
            byte[] body = "{\"keys\":[{\"fingerprint\":\"ABCD\",\"armored\":\"key\",\"active\":true}]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void signsAndReadsTheKeys() {
        SigningClient client = client("secret");

        assertThat(client.signSnapshot(new byte[] {1}))
                .isEqualTo(new SigningClient.Signature("-----BEGIN PGP SIGNATURE-----", "ABCD"));
        assertThat(client.publisherKeys())
                .singleElement()
                .satisfies(key -> assertThat(key.active()).isTrue());
    }

    @Test
    void aMissingTokenNamesTheSettingItComesFrom() {
        assertThatThrownBy(() -> client(null).signSnapshot(new byte[] {1}))
                .isInstanceOf(SigningUnavailableException.class)
                .hasMessage("No ossnet.test.signing-token is configured");
    }

    @Test
    void aRefusalOrAnErrorIsUnavailableNeverAnotherException() {
        assertThatThrownBy(() -> client("wrong").signSnapshot(new byte[] {1}))
                .isInstanceOf(SigningUnavailableException.class)
                .hasMessageContaining("answered 401");
        status = 500;
        assertThatThrownBy(() -> client("secret").publisherKeys())
                .isInstanceOf(SigningUnavailableException.class)
                .hasMessageContaining("answered 500");
        server.stop(0);
        assertThatThrownBy(() -> client("secret").publisherKeys())
                .isInstanceOf(SigningUnavailableException.class)
                .hasMessageContaining("is unreachable");
    }

    @Test
    void neverShowsTheTokenInItsSettings() {
        assertThat(settings("secret").toString()).doesNotContain("secret").contains("(set)");
    }

    private SigningClient client(String token) {
        return new SigningClient(settings(token), JsonMapper.builder().build());
    }

    private SigningClient.Settings settings(String token) {
        return new SigningClient.Settings(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                token,
                Duration.ofSeconds(5),
                "ossnet.test.signing-token");
    }
}
