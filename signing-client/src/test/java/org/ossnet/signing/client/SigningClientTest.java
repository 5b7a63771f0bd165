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
        server.createContext("/api/v1/mirror-ca.pem", exchange -> {
            exchange.getResponseHeaders().add("Ossnet-Ca-Sha256", "ab".repeat(32));
            respond(exchange, status, "-----BEGIN CERTIFICATE-----");
        });
        server.createContext("/api/v1/mirror-enrolments", exchange -> {
            boolean authorised =
                    "Bearer secret".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            respond(
                    exchange,
                    authorised ? 201 : 403,
                    new String(exchange.getRequestBody().readAllBytes()));
        });
        server.createContext("/api/v1/mirror-certificates", exchange -> {
            // The enrolment token, never the client's own token, authorises the first certificate.
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            respond(exchange, status == 200 ? 409 : status, authorization);
        });
        server.createContext("/api/v1/mirrors/", exchange -> {
            respond(exchange, 200, exchange.getRequestURI().getPath());
        });
        server.createContext("/api/v1/revocation-list", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            if (exchange.getRequestURI().getPath().endsWith(".asc")) {
                respond(exchange, "version=7".equals(query) ? 200 : 404, "-----BEGIN PGP SIGNATURE-----");
            } else {
                exchange.getResponseHeaders().add("Ossnet-Revocation-List-Version", "7");
                respond(exchange, 200, "{\"version\":7}");
            }
        });
        server.start();
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String text)
            throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
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
    void readsTheMirrorCaAndTheRevocationListWithTheSignatureOfTheSameVersion() {
        SigningClient client = client(null);

        assertThat(client.mirrorCa())
                .isEqualTo(new SigningClient.MirrorCa("-----BEGIN CERTIFICATE-----", "ab".repeat(32)));
        SigningClient.SignedRevocationList list = client.revocationList();
        assertThat(list.version()).isEqualTo(7);
        assertThat(new String(list.document(), StandardCharsets.UTF_8)).isEqualTo("{\"version\":7}");
        assertThat(list.signature()).isEqualTo("-----BEGIN PGP SIGNATURE-----");
    }

    @Test
    void passesTheCasAnswersOnAsTheyCame() {
        SigningClient.Answer enrolment = client("secret").createEnrolment("{\"mirror\":\"m\"}".getBytes());
        assertThat(enrolment.status()).isEqualTo(201);
        assertThat(enrolment.contentType()).isEqualTo("application/json");
        assertThat(enrolment.text()).isEqualTo("{\"mirror\":\"m\"}");
        assertThat(enrolment.toString()).doesNotContain("mirror\"");

        SigningClient.Answer issued = client("secret").issueMirrorCertificate("ossnet-enrol-x", new byte[] {1});
        assertThat(issued.status()).isEqualTo(409);
        assertThat(issued.contentType()).isEqualTo("application/problem+json");
        assertThat(issued.text()).isEqualTo("Bearer ossnet-enrol-x");

        assertThat(client("secret").revokeMirror("m1.example.edu").text())
                .isEqualTo("/api/v1/mirrors/m1.example.edu/revocation");
        assertThat(client("secret").createEnrolment(new byte[0]).status()).isEqualTo(201);
        assertThat(client("wrong").createEnrolment(new byte[0]).status()).isEqualTo(403);
    }

    @Test
    void refusesToPutAnythingButAMirrorNameIntoThePath() {
        assertThatThrownBy(() -> client("secret").revokeMirror("../keys"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mirror:");
        assertThatThrownBy(() -> client("secret").issueMirrorCertificate("a\r\nX: y", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aServerErrorOfTheCaIsUnavailableNotAnAnswer() {
        status = 500;
        assertThatThrownBy(() -> client("secret").issueMirrorCertificate("t", new byte[0]))
                .isInstanceOf(SigningUnavailableException.class)
                .hasMessageContaining("answered 500");
        assertThatThrownBy(() -> client("secret").mirrorCa())
                .isInstanceOf(SigningUnavailableException.class)
                .hasMessageContaining("answered 500");
        assertThatThrownBy(() -> client(null).revokeMirror("m1.example.edu"))
                .isInstanceOf(SigningUnavailableException.class)
                .hasMessage("No ossnet.test.signing-token is configured");
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
