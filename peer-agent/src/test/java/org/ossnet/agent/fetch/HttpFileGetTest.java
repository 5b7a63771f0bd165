package org.ossnet.agent.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.net.ScriptedServer;
import org.ossnet.agent.origin.HttpFileServer;
import org.ossnet.agent.origin.OriginConfig;
import org.ossnet.agent.swarm.SwarmConfig;
import org.ossnet.core.torrent.PeerId;

/** One thread's whole-file GETs: what each kind of answer is taken for, redirects and connections closed by servers. */
@Timeout(30)
class HttpFileGetTest {

    private static final SwarmConfig CONFIG = SwarmConfig.defaults(PeerId.random("-ON0001-"));

    @TempDir
    Path tree;

    @TempDir
    Path out;

    @Test
    void followsARedirectToAnotherServerAndHashesWhatItWrites() throws Exception {
        Files.writeString(tree.resolve("f.bin"), "alpha");
        try (HttpFileServer target = serve();
                ScriptedServer redirecting = ScriptedServer.start(
                        false,
                        "HTTP/1.1 302 Found\r\nLocation: " + target.baseUri()
                                + "f.bin\r\nContent-Length: 3\r\n\r\nxyz");
                HttpFileGet get = new HttpFileGet(CONFIG)) {

            HttpFileGet.Result result = get.fetch(redirecting.base().resolve("moved.bin"), out.resolve("part"), 5);

            assertThat(result).isInstanceOf(HttpFileGet.Result.Fetched.class);
            assertThat(((HttpFileGet.Result.Fetched) result).sha256()).isEqualTo(sha256("alpha"));
            assertThat(out.resolve("part")).hasContent("alpha");
        }
    }

    @Test
    void takesA404ForAMissingFileAndARefusedConnectionForABrokenServer() throws Exception {
        URI refused;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refused = URI.create("http://127.0.0.1:" + closed.getLocalPort() + "/f.bin");
        }
        try (HttpFileServer server = serve();
                HttpFileGet get = new HttpFileGet(CONFIG)) {
            assertThat(get.fetch(server.baseUri().resolve("none.bin"), out.resolve("part"), 5))
                    .isEqualTo(new HttpFileGet.Result.Missing("HTTP 404"));
            assertThat(get.fetch(refused, out.resolve("part"), 5)).isInstanceOf(HttpFileGet.Result.Broken.class);
        }
    }

    @Test
    void takesABodyOfAnotherLengthThanTheFilesForABrokenServer() throws Exception {
        try (ScriptedServer server = ScriptedServer.start(false, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nalph");
                HttpFileGet get = new HttpFileGet(CONFIG)) {
            assertThat(get.fetch(server.base().resolve("f.bin"), out.resolve("part"), 5))
                    .isEqualTo(new HttpFileGet.Result.Broken("the body is 4 bytes, the file 5"));
        }
    }

    @Test
    void asksAgainOnAFreshConnectionWhenTheServerClosedAKeptAliveOne() throws Exception {
        // Each connection serves one answer, then closes without saying so, as servers drop idle connections.
        try (ScriptedServer server = ScriptedServer.start(true, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nalpha");
                HttpFileGet get = new HttpFileGet(CONFIG)) {
            URI url = server.base().resolve("f.bin");
            assertThat(get.fetch(url, out.resolve("one"), 5)).isInstanceOf(HttpFileGet.Result.Fetched.class);

            assertThat(get.fetch(url, out.resolve("two"), 5)).isInstanceOf(HttpFileGet.Result.Fetched.class);

            assertThat(out.resolve("two")).hasContent("alpha");
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    private HttpFileServer serve() throws Exception {
        return HttpFileServer.start(
                tree,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                OriginConfig.defaults().quiet());
    }

    private static byte[] sha256(String text) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    }
}
