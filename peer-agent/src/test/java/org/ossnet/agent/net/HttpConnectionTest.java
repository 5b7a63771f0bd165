package org.ossnet.agent.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A kept-alive connection against a {@link ScriptedServer} on a real socket: bodies by length, chunked and to the
 * close, a dripping server, and what is not an HTTP answer.
 */
@Timeout(30)
class HttpConnectionTest {

    @RegisterExtension
    final ScriptedServer.Servers servers = new ScriptedServer.Servers();

    @Test
    void carriesGetsOneAfterAnotherOnOneConnection() throws Exception {
        URI base = script(
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nalpha",
                "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbeta");

        try (HttpConnection c = HttpConnection.open(base, SourceAddress.ANY, Duration.ofSeconds(5))) {
            assertThat(body(c, base.resolve("a%20b.bin?x=1"))).isEqualTo("alpha");
            assertThat(c.reusable()).isTrue();
            assertThat(body(c, base.resolve("c.bin"))).isEqualTo("beta");
            assertThat(c.exchanges()).isEqualTo(2);
        }
        assertThat(servers.first().connections()).isEqualTo(1);
        assertThat(servers.first().requests().getFirst())
                .startsWith("GET /a%20b.bin?x=1 HTTP/1.1\r\n")
                .contains("Host: 127.0.0.1:" + base.getPort() + "\r\n");
    }

    @Test
    void readsAChunkedBodyAndKeepsTheConnection() throws Exception {
        URI base = script(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nalp\r\n2\r\nha\r\n0\r\nX-Trailer: 1\r\n\r\n");

        try (HttpConnection c = HttpConnection.open(base, SourceAddress.ANY, Duration.ofSeconds(5))) {
            assertThat(body(c, base.resolve("a"))).isEqualTo("alpha");
            assertThat(c.reusable()).isTrue();
        }
    }

    @Test
    void readsABodyWithoutLengthToTheCloseAndDoesNotReuseTheConnection() throws Exception {
        URI base = script(true, "HTTP/1.0 200 OK\r\n\r\nalpha");

        try (HttpConnection c = HttpConnection.open(base, SourceAddress.ANY, Duration.ofSeconds(5))) {
            assertThat(body(c, base.resolve("a"))).isEqualTo("alpha");
            assertThat(c.reusable()).isFalse();
        }
    }

    @Test
    void refusesABodyLongerThanAskedAndAShortOne() throws Exception {
        URI base = script("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789");
        try (HttpConnection c = HttpConnection.open(base, SourceAddress.ANY, Duration.ofSeconds(5))) {
            HttpConnection.Head head = c.get(base.resolve("a"), deadline(5));
            assertThatThrownBy(() -> c.body(head, 9, (b, o, n) -> {}, deadline(5)))
                    .hasMessageContaining("longer than the 9 bytes");
            assertThat(c.reusable()).isFalse();
        }

        URI cut = script(true, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234");
        try (HttpConnection c = HttpConnection.open(cut, SourceAddress.ANY, Duration.ofSeconds(5))) {
            HttpConnection.Head head = c.get(cut.resolve("a"), deadline(5));
            assertThatThrownBy(() -> c.body(head, 10, (b, o, n) -> {}, deadline(5)))
                    .hasMessageContaining("5 bytes short of its 10");
        }
    }

    @Test
    void givesUpOnAServerThatDripsPastTheDeadline() throws Exception {
        URI base = script("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01", null);

        try (HttpConnection c = HttpConnection.open(base, SourceAddress.ANY, Duration.ofSeconds(5))) {
            HttpConnection.Head head = c.get(base.resolve("a"), deadline(5));
            long deadline = System.nanoTime() + Duration.ofMillis(300).toNanos();
            assertThatThrownBy(() -> c.body(head, 10, (b, o, n) -> {}, deadline))
                    .isInstanceOf(AnswerTooSlowException.class);
            assertThat(c.reusable()).isFalse();
        }
    }

    @Test
    void readsPastInterimAnswersToTheFinalOne() throws Exception {
        URI base = script(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nalpha",
                "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbeta",
                "HTTP/1.1 103 Early Hints\r\n\r\n".repeat(HttpConnection.MAX_INTERIM_ANSWERS + 1)
                        + "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlate");

        try (HttpConnection c = HttpConnection.open(base, SourceAddress.ANY, Duration.ofSeconds(5))) {
            assertThat(body(c, base.resolve("a"))).isEqualTo("alpha");
            assertThat(c.reusable()).isTrue();
            assertThat(body(c, base.resolve("b"))).isEqualTo("beta");
            assertThatThrownBy(() -> c.get(base.resolve("c"), deadline(5)))
                    .hasMessage("more than " + HttpConnection.MAX_INTERIM_ANSWERS + " interim answers");
            assertThat(c.reusable()).isFalse();
        }
    }

    /**
     * A 204 or 304 has no body, whatever length it names (RFC 9112, 6.3): read to the close, a kept-alive one would
     * hold the reader to its deadline. The connection carries the next request.
     */
    @Test
    void answersWithoutABodyEndAtTheirHeadAndKeepTheConnection() throws Exception {
        URI base = script(
                "HTTP/1.1 204 No Content\r\n\r\n",
                "HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbeta");

        try (HttpConnection c = HttpConnection.open(base, SourceAddress.ANY, Duration.ofSeconds(5))) {
            for (int status : new int[] {204, 304}) {
                HttpConnection.Head head = c.get(base.resolve("a"), deadline(5));
                assertThat(head.status()).isEqualTo(status);
                assertThat(c.body(head, 10, (b, o, n) -> {}, deadline(5))).isZero();
                assertThat(c.reusable()).isTrue();
            }
            assertThat(body(c, base.resolve("b"))).isEqualTo("beta");
        }
        assertThat(servers.first().connections()).isEqualTo(1);
    }

    @Test
    void rejectsWhatIsNotAnHttpResponse() throws Exception {
        URI base = script("SSH-2.0-OpenSSH\r\n\r\n");

        try (HttpConnection c = HttpConnection.open(base, SourceAddress.ANY, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> c.get(base.resolve("a"), deadline(5)))
                    .hasMessageContaining("not an HTTP/1.x status line: SSH-2.0-OpenSSH");
        }
        URI huge = script("HTTP/1.1 200 OK\r\nX: " + "y".repeat(HttpConnection.MAX_HEAD_BYTES) + "\r\n\r\n");
        try (HttpConnection c = HttpConnection.open(huge, SourceAddress.ANY, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> c.get(huge.resolve("a"), deadline(5))).hasMessageContaining("longer than");
        }
    }

    @Test
    void rejectsMalformedLengthsAndSendsNoFieldThatWouldBreakTheRequest() throws Exception {
        URI length = script("HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n");
        try (HttpConnection c = HttpConnection.open(length, SourceAddress.ANY, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> body(c, length.resolve("a")))
                    .hasMessageContaining("a malformed Content-Length: 12x");
        }
        URI chunk = script("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        try (HttpConnection c = HttpConnection.open(chunk, SourceAddress.ANY, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> body(c, chunk.resolve("a"))).hasMessageContaining("a malformed chunk size: zz");
        }
        URI base = script("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        try (HttpConnection c = HttpConnection.open(base, SourceAddress.ANY, Duration.ofSeconds(5))) {
            assertThatThrownBy(
                            () -> c.send("GET", base.resolve("a"), Map.of("X", "a\r\nInjected: 1"), null, deadline(5)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a header field to send: X");
            assertThatThrownBy(() -> c.send("GET", base.resolve("a"), Map.of("Bad Name", "v"), null, deadline(5)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(c.exchanges()).as("nothing sent").isZero();
        }
    }

    private static String body(HttpConnection c, URI url) throws IOException {
        HttpConnection.Head head = c.get(url, deadline(5));
        assertThat(head.status()).isEqualTo(200);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        c.body(head, 1 << 20, bytes::write, deadline(5));
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    private static long deadline(int seconds) {
        return System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    }

    private URI script(String... answers) throws IOException {
        return script(false, answers);
    }

    private URI script(boolean closeAfter, String... answers) throws IOException {
        return servers.start(closeAfter, answers).base();
    }
}
