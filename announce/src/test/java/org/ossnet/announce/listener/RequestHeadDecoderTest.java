package org.ossnet.announce.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RequestHeadDecoderTest {

    static final int LIMIT = 1024;
    final RequestHeadDecoder decoder = new RequestHeadDecoder(LIMIT, false);

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    RequestHead decode(RequestHeadDecoder with, String text) throws RefusedRequestException {
        byte[] b = bytes(text);
        return with.decode(b, 0, b.length);
    }

    @Nested
    class Correct {

        @Test
        void decodesAnAnnounceWithItsRawQueryAndKeepsHttp11Alive() throws Exception {
            RequestHead head = decode(decoder, "GET /announce?info_hash=%12%34&port=1 HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(head.method()).isEqualTo("GET");
            assertThat(head.path()).isEqualTo("/announce");
            assertThat(head.query()).isEqualTo("info_hash=%12%34&port=1");
            assertThat(head.keepAlive()).isTrue();
            assertThat(head.hasBody()).isFalse();
            assertThat(head.end())
                    .isEqualTo(bytes("GET /announce?info_hash=%12%34&port=1 HTTP/1.1\r\nHost: t\r\n\r\n").length);
        }

        @Test
        void tellsANoQueryFromAnEmptyOne() throws Exception {
            assertThat(decode(decoder, "GET /announce HTTP/1.1\r\n\r\n").query())
                    .isNull();
            assertThat(decode(decoder, "GET /announce? HTTP/1.1\r\n\r\n").query())
                    .isEmpty();
        }

        @Test
        void closesOnConnectionCloseAndForHttp10UnlessKeepAlive() throws Exception {
            assertThat(decode(decoder, "GET / HTTP/1.1\r\nConnection: Keep-Alive, close\r\n\r\n")
                            .keepAlive())
                    .isFalse();
            assertThat(decode(decoder, "GET / HTTP/1.0\r\n\r\n").keepAlive()).isFalse();
            assertThat(decode(decoder, "GET / HTTP/1.0\r\nconnection:keep-alive\r\n\r\n")
                            .keepAlive())
                    .isTrue();
        }

        @Test
        void acceptsBareLineFeedsAndSkipsLeadingEmptyLines() throws Exception {
            RequestHead head = decode(decoder, "\r\n\nGET /scrape HTTP/1.1\nHost: t\n\n");
            assertThat(head.path()).isEqualTo("/scrape");
        }

        @Test
        void collectsForwardedForOnlyWhenAskedTo() throws Exception {
            String request = "GET / HTTP/1.1\r\nX-Forwarded-For: 1.2.3.4\r\nx-forwarded-for:  5.6.7.8 \r\n\r\n";
            assertThat(decode(new RequestHeadDecoder(LIMIT, true), request).forwardedFor())
                    .containsExactly("1.2.3.4", "5.6.7.8");
            assertThat(decode(decoder, request).forwardedFor()).isEmpty();
        }

        @Test
        void notesABody() throws Exception {
            assertThat(decode(decoder, "POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\n")
                            .bodyLength())
                    .isEqualTo(5);
            assertThat(decode(decoder, "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                            .hasBody())
                    .isTrue();
        }

        @Test
        void findsTheSecondOfTwoPipelinedRequests() throws Exception {
            byte[] two = bytes("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n");
            RequestHead first = decoder.decode(two, 0, two.length);
            RequestHead second = decoder.decode(two, first.end(), two.length);
            assertThat(second.path()).isEqualTo("/b");
            assertThat(second.end()).isEqualTo(two.length);
        }
    }

    @Nested
    class Split {

        @Test
        void asksForMoreAtEverySplitPointUntilTheBlankLine() throws Exception {
            byte[] request = bytes("GET /announce?a=b HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            for (int cut = 0; cut < request.length; cut++) {
                assertThat(decoder.decode(request, 0, cut)).as("cut at %d", cut).isNull();
            }
            assertThat(decoder.decode(request, 0, request.length).keepAlive()).isFalse();
        }
    }

    @Nested
    class Invalid {

        int status(RequestHeadDecoder with, String text) {
            try {
                decode(with, text);
            } catch (RefusedRequestException e) {
                return e.status();
            }
            throw new AssertionError("accepted: " + text);
        }

        int status(String text) {
            return status(decoder, text);
        }

        @Test
        void refusesGarbageAtOnceEvenWithoutALineEnd() {
            assertThat(status("\u0016\u0003\u0001\u0002\u0000")).isEqualTo(400);
            assertThat(status("GE(T")).isEqualTo(400);
        }

        @Test
        void refusesMalformedRequestLines() {
            assertThat(status("GET\r\n\r\n")).isEqualTo(400);
            assertThat(status("GET /announce\r\n\r\n")).isEqualTo(400);
            assertThat(status("GET announce HTTP/1.1\r\n\r\n")).isEqualTo(400);
            assertThat(status("GET /a\u00e9 HTTP/1.1\r\n\r\n")).isEqualTo(400);
            assertThat(status("GET /a\u0001 HTTP/1.1\r\n\r\n")).isEqualTo(400);
            assertThat(status("GET /a XTTP/1.1\r\n\r\n")).isEqualTo(400);
            assertThat(status("GET /a HTTP/2.0\r\n\r\n")).isEqualTo(505);
        }

        @Test
        void refusesMalformedHeaders() {
            assertThat(status("GET / HTTP/1.1\r\nNo colon\r\n\r\n")).isEqualTo(400);
            assertThat(status("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n")).isEqualTo(400);
            assertThat(status("GET / HTTP/1.1\r\nBad Name: b\r\n\r\n")).isEqualTo(400);
            assertThat(status("GET / HTTP/1.1\r\nA: b\u0000c\r\n\r\n")).isEqualTo(400);
            assertThat(status("GET / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n")).isEqualTo(400);
            assertThat(status("GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"))
                    .isEqualTo(400);
        }

        @Test
        void refusesARequestLineOverTheLimitWith414AndHeadersOverItWith431() {
            assertThat(status("GET /" + "a".repeat(LIMIT))).isEqualTo(414);
            assertThat(status("GET / HTTP/1.1\r\nA: " + "b".repeat(LIMIT))).isEqualTo(431);
            assertThat(status("GET / HTTP/1.1\r\n" + "A: b\r\n".repeat(RequestHeadDecoder.MAX_HEADERS + 1) + "\r\n"))
                    .isEqualTo(431);
        }
    }
}
