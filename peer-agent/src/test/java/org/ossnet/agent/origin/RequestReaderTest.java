package org.ossnet.agent.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestReaderTest {

    private final RequestReader reader = new RequestReader(1024, 10);

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void readsARequestHeadAndLeavesTheNextOneInTheStream() throws Exception {
        InputStream in = bytes("\r\nGET /a?x=1 HTTP/1.1\r\nHost: h\r\nRange:  bytes=0-1 \r\nX-A: 1\nx-a: 2\r\n\r\n"
                + "HEAD /b HTTP/1.0\r\n\r\n");

        HttpRequest first = reader.read(in);
        HttpRequest second = reader.read(in);

        assertThat(first.method()).isEqualTo("GET");
        assertThat(first.path()).isEqualTo("/a");
        assertThat(first.header("RANGE")).isEqualTo("bytes=0-1");
        assertThat(first.header("x-a")).isEqualTo("1, 2");
        assertThat(first.keepAlive()).isTrue();
        assertThat(second.method()).isEqualTo("HEAD");
        assertThat(second.keepAlive()).isFalse();
        assertThat(reader.read(in)).isNull();
    }

    @Test
    void readsAHeadSplitAcrossManyReads() throws Exception {
        String head = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n";
        List<InputStream> pieces =
                head.chars().mapToObj(c -> bytes(Character.toString(c))).toList();

        HttpRequest request = reader.read(new SequenceInputStream(Collections.enumeration(pieces)));

        assertThat(request.target()).isEqualTo("/a");
    }

    @Test
    void failsOnAStreamThatEndsInsideAHead() {
        assertThatThrownBy(() -> reader.read(bytes("GET /a HTTP/1.1\r\nHo"))).isInstanceOf(EOFException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "GET /a\r\n\r\n",
                "GET  /a HTTP/1.1\r\nHost: h\r\n\r\n",
                "GET /a b HTTP/1.1\r\nHost: h\r\n\r\n",
                "G(T /a HTTP/1.1\r\nHost: h\r\n\r\n",
                "GET /a HTTP/1.1\r\n\r\n",
                "GET /a HTTP/1.1\r\nHost: h\r\nHost: i\r\n\r\n",
                "GET /a HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                "GET /a HTTP/1.1\r\nHost : h\r\n\r\n",
                "GET /a HTTP/1.1\r\nHost: h\r\nX: a\r\n folded\r\n\r\n",
                "GET /a HTTP/1.1\r\nHost: h\rX: a\r\n\r\n",
                "GET /a\u0000 HTTP/1.1\r\nHost: h\r\n\r\n",
                "GET /\u00e9 HTTP/1.1\r\nHost: h\r\n\r\n",
                "FOO HTTP/1.1\r\n\r\n"
            })
    void answersMalformedHeadsWith400(String head) {
        assertThatThrownBy(() -> reader.read(bytes(head)))
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void answersOtherHttpVersionsWith505() {
        assertThatThrownBy(() -> reader.read(bytes("GET /a HTTP/2.0\r\n\r\n")))
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(e.status()).isEqualTo(505));
    }

    @Test
    void answersTooLargeOrTooManyFieldsWith431() throws IOException {
        String big = "GET /a HTTP/1.1\r\nHost: h\r\nX: " + "a".repeat(2000) + "\r\n\r\n";
        String many = "GET /a HTTP/1.1\r\nHost: h\r\n" + "X: a\r\n".repeat(10) + "\r\n";

        for (String head : List.of(big, many)) {
            assertThatThrownBy(() -> reader.read(bytes(head)))
                    .isInstanceOfSatisfying(
                            HttpException.class, e -> assertThat(e.status()).isEqualTo(431));
        }
    }

    @Test
    void answersAnOverlongRequestLineWith414() {
        assertThatThrownBy(() -> reader.read(bytes("GET /" + "a".repeat(2000) + " HTTP/1.1\r\n\r\n")))
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(e.status()).isEqualTo(414));
    }
}
