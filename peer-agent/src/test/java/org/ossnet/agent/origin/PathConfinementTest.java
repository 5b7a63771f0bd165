package org.ossnet.agent.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests that try to leave the served root get the same 404 as a missing file. */
class PathConfinementTest {

    @TempDir
    Path dir;

    private Path root;
    private HttpFileServer server;

    @BeforeEach
    void serveARootBesideASecret() throws IOException {
        root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(dir.resolve("secret.txt"), "outside the root");
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/file.txt"), "inside");
        Files.createSymbolicLink(root.resolve("escape.txt"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("escape-dir"), dir);
        Files.createSymbolicLink(root.resolve("alias.txt"), root.resolve("sub/file.txt"));
        server = OriginFixtures.start(root, OriginConfig.defaults().quiet());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/../etc/passwd",
                "/../secret.txt",
                "/sub/../../secret.txt",
                "/%2e%2e/secret.txt",
                "/%2E%2E/%2e%2e/etc/passwd",
                "/sub/%2e%2e%2f%2e%2e%2fsecret.txt",
                "/..%2Fsecret.txt",
                "/sub%2Ffile.txt",
                "/sub%5Cfile.txt",
                "/sub/..%5C..%5Csecret.txt",
                "/./sub/file.txt",
                "/sub/./file.txt",
                "//sub/file.txt",
                "/sub//file.txt",
                "/sub/file.txt%00",
                "/sub/file.txt%00.png",
                "/%ZZ",
                "/sub/file.txt%",
                "/%C0%AE%C0%AE/secret.txt",
                "/escape.txt",
                "/escape-dir/secret.txt",
                "http://localhost/sub/file.txt",
                "sub/file.txt"
            })
    void refusesWith404(String target) throws IOException {
        RawHttp.Response response = RawHttp.exchange(server.port(), "GET", target);

        assertThat(response.status()).as(target).isEqualTo(404);
        assertThat(new String(response.body())).doesNotContain("outside");
    }

    @Test
    void followsASymbolicLinkThatStaysInsideTheRoot() throws IOException {
        RawHttp.Response response = RawHttp.exchange(server.port(), "GET", "/alias.txt");

        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body())).isEqualTo("inside");
    }

    @Test
    void servesThePlainSpellingOfTheSameFile() throws IOException {
        assertThat(RawHttp.exchange(server.port(), "GET", "/sub/file.txt").status())
                .isEqualTo(200);
    }
}
