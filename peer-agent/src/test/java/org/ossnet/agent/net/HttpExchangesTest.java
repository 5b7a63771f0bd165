package org.ossnet.agent.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exchanges over kept-alive connections against a {@link ScriptedServer} on a real socket: a connection kept for the
 * next exchange, one the server closed meanwhile replaced, redirects, bounds and deadlines. Posts are exercised end to
 * end by {@code EventSenderTest}.
 */
class HttpExchangesTest {

    private static final Duration DEADLINE = Duration.ofSeconds(5);

    @RegisterExtension
    final ScriptedServer.Servers servers = new ScriptedServer.Servers();

    @Test
    void keepsItsConnectionForTheNextExchangeAndSendsTheCallersFields() throws Exception {
        ScriptedServer server = server(false, ok("one"), ok("two"), ok("three"));
        HttpExchanges exchanges = new HttpExchanges(SourceAddress.ANY, DEADLINE);

        List<String> bodies = new ArrayList<>();
        for (String path : List.of("a", "b", "c")) {
            HttpExchanges.Answer answer = exchanges.send(
                    "GET", server.base().resolve(path), Map.of("Accept", "application/json"), null, 100, DEADLINE);
            assertThat(answer.status()).isEqualTo(200);
            bodies.add(new String(answer.body(), StandardCharsets.US_ASCII));
        }

        assertThat(bodies).containsExactly("one", "two", "three");
        assertThat(server.connections()).isEqualTo(1);
        assertThat(server.requests())
                .allSatisfy(head -> assertThat(head).contains("Accept: application/json\r\n"))
                .extracting(head -> head.lines().findFirst().orElseThrow())
                .containsExactly("GET /a HTTP/1.1", "GET /b HTTP/1.1", "GET /c HTTP/1.1");
    }

    @Test
    void replacesAKeptAliveConnectionTheServerClosedMeanwhile() throws Exception {
        ScriptedServer server = server(true, ok("first"));
        HttpExchanges exchanges = new HttpExchanges(SourceAddress.ANY, DEADLINE);

        exchanges.send("GET", server.base().resolve("a"), Map.of(), null, 100, DEADLINE);
        HttpExchanges.Answer second = exchanges.send("GET", server.base().resolve("b"), Map.of(), null, 100, DEADLINE);

        assertThat(new String(second.body(), StandardCharsets.US_ASCII)).isEqualTo("first");
        assertThat(server.connections()).isEqualTo(2);
    }

    /**
     * A POST is sent again on a fresh connection only if its caller says it may reach the server twice: the server
     * may have had the first before the connection failed.
     */
    @Test
    void aPostIsSentAgainOnlyIfItsCallerSaysItMayReachTheServerTwice() throws Exception {
        ScriptedServer server = server(true, ok("first"));
        HttpExchanges exchanges = new HttpExchanges(SourceAddress.ANY, DEADLINE);
        // No body: the scripted server reads heads only, and unread bytes would make its close a reset.
        byte[] body = null;

        exchanges.send("POST", server.base().resolve("a"), Map.of(), body, 100, DEADLINE);
        assertThatThrownBy(() -> exchanges.send("POST", server.base().resolve("b"), Map.of(), body, 100, DEADLINE))
                .isInstanceOf(IOException.class);
        assertThat(server.connections()).isEqualTo(1);

        exchanges.send("POST", server.base().resolve("c"), Map.of(), body, 100, DEADLINE, true);
        HttpExchanges.Answer again =
                exchanges.send("POST", server.base().resolve("d"), Map.of(), body, 100, DEADLINE, true);
        assertThat(new String(again.body(), StandardCharsets.US_ASCII)).isEqualTo("first");
        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void aGetFollowsARedirectOnTheSameConnection() throws Exception {
        ScriptedServer server = server(
                false, "HTTP/1.1 302 Found\r\nLocation: /moved\r\nContent-Length: 5\r\n\r\nthere", ok("the document"));
        HttpExchanges exchanges = new HttpExchanges(SourceAddress.ANY, DEADLINE);

        HttpExchanges.Answer answer =
                exchanges.send("GET", server.base().resolve("old"), Map.of(), null, 100, DEADLINE);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.uri()).isEqualTo(server.base().resolve("moved"));
        assertThat(new String(answer.body(), StandardCharsets.US_ASCII)).isEqualTo("the document");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void redirectsAreFollowedToHttpsOrFromHttpToHttpNeverFromHttpsToHttp() {
        URI http = URI.create("http://a.example/x");
        URI https = URI.create("https://a.example/x");

        assertThat(HttpExchanges.followable(http, http)).isTrue();
        assertThat(HttpExchanges.followable(http, https)).isTrue();
        assertThat(HttpExchanges.followable(https, https)).isTrue();
        assertThat(HttpExchanges.followable(https, http)).isFalse();
        assertThat(HttpExchanges.followable(http, URI.create("ftp://a.example/x")))
                .isFalse();
    }

    @Test
    void aBodyOverTheBoundIsRefused() throws Exception {
        ScriptedServer server = server(false, ok("0123456789"));
        HttpExchanges exchanges = new HttpExchanges(SourceAddress.ANY, DEADLINE);

        assertThatThrownBy(() -> exchanges.send("GET", server.base().resolve("a"), Map.of(), null, 9, DEADLINE))
                .isInstanceOf(HttpConnection.BodyTooLongException.class);
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsGivenUpOnAtTheCallersDeadline() throws Exception {
        ScriptedServer server = server(false, (String) null);
        HttpExchanges exchanges = new HttpExchanges(SourceAddress.ANY, DEADLINE);
        long start = System.nanoTime();

        assertThatThrownBy(() ->
                        exchanges.send("GET", server.base().resolve("a"), Map.of(), null, 9, Duration.ofSeconds(1)))
                .isInstanceOf(AnswerTooSlowException.class)
                .hasMessageEndingWith("within 1 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    private static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private ScriptedServer server(boolean closeAfter, String... answers) throws IOException {
        return servers.start(closeAfter, answers);
    }
}
