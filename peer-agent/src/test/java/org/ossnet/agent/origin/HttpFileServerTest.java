package org.ossnet.agent.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.core.testing.Await;

class HttpFileServerTest {

    private static final long SIZE = 5 * 1024 * 1024 + 4321;
    private static final Instant MODIFIED = Instant.parse("2025-03-01T12:00:00Z");

    @TempDir
    Path root;

    private final List<String> log = OriginFixtures.newLog();
    private Path file;
    private byte[] content;
    private HttpFileServer server;

    @BeforeEach
    void serveARandomFile() throws IOException {
        file = OriginFixtures.randomFile(root, "pool/release.iso", SIZE, 1);
        Files.setLastModifiedTime(file, FileTime.from(MODIFIED));
        content = Files.readAllBytes(file);
        server = OriginFixtures.start(root, log);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RawHttp.Response get(String target, String... headers) throws IOException {
        return RawHttp.exchange(server.port(), "GET", target, headers);
    }

    @Test
    void servesAWholeFileWhoseSha256Matches() throws IOException {
        RawHttp.Response response = get("/pool/release.iso");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Length")).isEqualTo(Long.toString(SIZE));
        assertThat(response.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(response.header("Content-Type")).isEqualTo("application/x-iso9660-image");
        assertThat(response.header("Last-Modified")).isEqualTo("Sat, 01 Mar 2025 12:00:00 GMT");
        assertThat(response.header("ETag")).matches("\"[0-9a-f]+-[0-9a-f]+\"");
        assertThat(OriginFixtures.sha256(response.body())).isEqualTo(OriginFixtures.sha256(file));
    }

    @Test
    void answersHeadWithTheHeadersOfAGetAndNoBody() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response head = http.send("HEAD", "/pool/release.iso", "Range: bytes=0-9");
            // The connection is kept; had the server sent a body, it would be read as the next response's head.
            RawHttp.Response next = http.send("GET", "/pool/release.iso", "Range: bytes=0-0");

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo(Long.toString(SIZE));
            assertThat(head.header("ETag")).isNotNull();
            assertThat(next.status()).isEqualTo(206);
            assertThat(next.body()).containsExactly(content[0]);
        }
    }

    @Test
    void servesAClosedRangeWith206() throws IOException {
        RawHttp.Response response = get("/pool/release.iso", "Range: bytes=1000-1999");

        assertThat(response.status()).isEqualTo(206);
        assertThat(response.header("Content-Range")).isEqualTo("bytes 1000-1999/" + SIZE);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(content, 1000, 2000));
    }

    @Test
    void servesAnOpenEndedRangeToTheEnd() throws IOException {
        long first = SIZE - 100_000;
        RawHttp.Response response = get("/pool/release.iso", "Range: bytes=" + first + "-");

        assertThat(response.status()).isEqualTo(206);
        assertThat(response.header("Content-Range")).isEqualTo("bytes " + first + "-" + (SIZE - 1) + "/" + SIZE);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(content, (int) first, (int) SIZE));
    }

    @Test
    void servesASuffixRangeAsTheLastBytes() throws IOException {
        RawHttp.Response response = get("/pool/release.iso", "Range: bytes=-500");

        assertThat(response.status()).isEqualTo(206);
        assertThat(response.header("Content-Range")).isEqualTo("bytes " + (SIZE - 500) + "-" + (SIZE - 1) + "/" + SIZE);
        assertThat(response.body()).isEqualTo(Arrays.copyOfRange(content, (int) SIZE - 500, (int) SIZE));
    }

    @Test
    void clampsARangeThatEndsBeyondTheFile() throws IOException {
        RawHttp.Response response = get("/pool/release.iso", "Range: bytes=" + (SIZE - 10) + "-" + (SIZE * 2));

        assertThat(response.status()).isEqualTo(206);
        assertThat(response.body()).hasSize(10);
    }

    @Test
    void answersARangeBeyondTheFileWith416AndItsSize() throws IOException {
        RawHttp.Response response = get("/pool/release.iso", "Range: bytes=" + SIZE + "-");

        assertThat(response.status()).isEqualTo(416);
        assertThat(response.header("Content-Range")).isEqualTo("bytes */" + SIZE);
    }

    @Test
    void sendsTheWholeFileForSeveralRanges() throws IOException {
        RawHttp.Response response = get("/pool/release.iso", "Range: bytes=0-9,20-29");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).hasSize((int) SIZE);
    }

    @Test
    void sendsTheWholeFileWhenIfRangeNoLongerMatches() throws IOException {
        RawHttp.Response response = get("/pool/release.iso", "Range: bytes=0-9", "If-Range: \"stale-tag\"");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).hasSize((int) SIZE);
    }

    @Test
    void honoursTheRangeWhenIfRangeMatchesTheETagOrTheDate() throws IOException {
        String etag = get("/pool/release.iso", "Range: bytes=0-0").header("ETag");

        assertThat(get("/pool/release.iso", "Range: bytes=0-9", "If-Range: " + etag)
                        .status())
                .isEqualTo(206);
        assertThat(get("/pool/release.iso", "Range: bytes=0-9", "If-Range: Sat, 01 Mar 2025 12:00:00 GMT")
                        .status())
                .isEqualTo(206);
        assertThat(get("/pool/release.iso", "Range: bytes=0-9", "If-Range: Sat, 01 Mar 2025 11:00:00 GMT")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void answersAMatchingIfNoneMatchWith304() throws IOException {
        String etag = get("/pool/release.iso", "Range: bytes=0-0").header("ETag");

        RawHttp.Response response = get("/pool/release.iso", "If-None-Match: \"other\", W/" + etag);

        assertThat(response.status()).isEqualTo(304);
        assertThat(response.header("ETag")).isEqualTo(etag);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void answersIfModifiedSinceWith304OnlyWhenTheFileIsNotNewer() throws IOException {
        assertThat(get("/pool/release.iso", "If-Modified-Since: Sat, 01 Mar 2025 12:00:00 GMT")
                        .status())
                .isEqualTo(304);
        assertThat(get("/pool/release.iso", "If-Modified-Since: Sat, 01 Mar 2025 11:59:59 GMT", "Range: bytes=0-0")
                        .status())
                .isEqualTo(206);
    }

    @Test
    void refusesOtherMethodsWith405NamingTheAllowedOnes() throws IOException {
        RawHttp.Response response = RawHttp.exchange(server.port(), "DELETE", "/pool/release.iso");

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("GET, HEAD");
        assertThat(Files.exists(file)).isTrue();
    }

    @Test
    void answersDirectoriesAndMissingFilesWith404() throws IOException {
        assertThat(get("/").status()).isEqualTo(404);
        assertThat(get("/pool").status()).isEqualTo(404);
        assertThat(get("/pool/").status()).isEqualTo(404);
        assertThat(get("/pool/absent.iso").status()).isEqualTo(404);
    }

    @Test
    void servesAFileWhoseNameNeedsPercentEncoding() throws IOException {
        Files.writeString(root.resolve("read me é.txt"), "hello");

        RawHttp.Response response = get("/read%20me%20%C3%A9.txt");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(new String(response.body())).isEqualTo("hello");
    }

    @Test
    void servesAnEmptyFileAndRefusesAnyRangeOfIt() throws IOException {
        Files.createFile(root.resolve("empty"));

        assertThat(get("/empty").header("Content-Length")).isEqualTo("0");
        assertThat(get("/empty", "Range: bytes=0-").status()).isEqualTo(416);
    }

    @Test
    void logsEachResponseWithoutTheQueryString() throws Exception {
        get("/pool/release.iso?token=s3cret", "Range: bytes=0-99");
        // The line is written after the last body byte, so it may trail the response a little.
        Await.until(() -> !log.isEmpty(), Duration.ofSeconds(5));

        assertThat(log)
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains("\"GET /pool/release.iso HTTP/1.1\" 206 100")
                        .doesNotContain("s3cret"));
    }
}
