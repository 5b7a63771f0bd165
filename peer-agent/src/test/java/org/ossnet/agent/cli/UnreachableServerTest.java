package org.ossnet.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.announce.AnnounceClient;
import org.ossnet.agent.announce.BatchAnnounceClient;
import org.ossnet.agent.net.UnreachableException;
import org.ossnet.agent.scan.TreeFixtures;
import org.ossnet.core.announce.AnnounceEvent;
import org.ossnet.core.announce.AnnounceRequest;
import org.ossnet.core.announce.BatchAnnounce;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/**
 * Every command that talks HTTP, run through the real entry point against a real closed port on 127.0.0.1 and a host
 * name that never resolves, says which host and URL it could not reach and why, and exits 1.
 */
class UnreachableServerTest {

    static final String UNKNOWN_HOST = "nonexistent.invalid";

    private static final byte[] PLAIN_ANSWER =
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tree;

    @TempDir
    Path home;

    private int closedPort;

    @BeforeEach
    void findAClosedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        TreeFixtures.write(tree, "a.txt", "alpha");
    }

    @Test
    void everyCommandNamesTheClosedPortItCouldNotConnectTo() {
        String host = "127.0.0.1:" + closedPort;
        commandsTalkingTo(host, URI.create("http://" + host + "/")).forEach((command, args) -> {
            OssnetCliTest.Result result = OssnetCliTest.runWith(Map.of("OSSNET_TOKEN", "t"), args);
            assertThat(result.exitCode()).as(command + "\n" + result).isEqualTo(ExitCodes.FAILURE);
            assertThat(result.err())
                    .as(command)
                    .startsWith("ossnet " + command + ": cannot reach " + host + " (http://" + host + "/")
                    .contains("connection refused")
                    .doesNotContain("ConnectException");
        });
    }

    @Test
    void everyCommandNamesTheHostThatDoesNotResolve() {
        commandsTalkingTo(UNKNOWN_HOST, URI.create("https://" + UNKNOWN_HOST + "/"))
                .forEach((command, args) -> {
                    OssnetCliTest.Result result = OssnetCliTest.runWith(Map.of("OSSNET_TOKEN", "t"), args);
                    assertThat(result.exitCode()).as(command + "\n" + result).isEqualTo(ExitCodes.FAILURE);
                    assertThat(result.err())
                            .as(command)
                            .startsWith("ossnet " + command + ": cannot reach " + UNKNOWN_HOST + ":443 (https://"
                                    + UNKNOWN_HOST + "/")
                            .contains("unknown host " + UNKNOWN_HOST)
                            .doesNotContain("ConnectException");
                });
    }

    @Test
    void publishSaysTheTlsHandshakeFailedWithAServerThatSpeaksPlainHttp() throws Exception {
        // Answers every connection at once in plain HTTP, as a tracker without TLS would answer a ClientHello.
        try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = Thread.ofVirtual().start(() -> {
                while (!plain.isClosed()) {
                    try (Socket socket = plain.accept()) {
                        socket.getOutputStream().write(PLAIN_ANSWER);
                        socket.getInputStream().read(new byte[4096]);
                    } catch (IOException closed) {
                        // The test is over, or the client hung up.
                    }
                }
            });
            String host = "127.0.0.1:" + plain.getLocalPort();
            OssnetCliTest.Result result = OssnetCliTest.runWith(
                    Map.of("OSSNET_TOKEN", "t"),
                    "publish",
                    tree.toString(),
                    "--collection",
                    "ossnet://" + host + "/demo",
                    "--tracker",
                    "https://" + host + "/",
                    "--home",
                    home.toString());
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FAILURE);
            assertThat(result.err())
                    .contains("ossnet publish: cannot reach " + host + " (https://" + host
                            + "/api/v1/publish): TLS failure");
            plain.close();
            server.join();
        }
    }

    @Test
    void announcesToAClosedPortNameTheTrackerAndWhatFailed() {
        URI announce = URI.create("http://127.0.0.1:" + closedPort + "/announce");
        InfoHash infoHash = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
        PeerId peerId = PeerId.of("-ON0001-abcdefghijkl".getBytes(StandardCharsets.ISO_8859_1));
        UnreachableException single = catchThrowableOfType(
                UnreachableException.class,
                () -> new AnnounceClient()
                        .announce(
                                announce,
                                new AnnounceRequest(
                                        infoHash,
                                        peerId,
                                        6881,
                                        0,
                                        0,
                                        0,
                                        AnnounceEvent.STARTED,
                                        50,
                                        true,
                                        false,
                                        true)));
        UnreachableException batch = catchThrowableOfType(
                UnreachableException.class,
                () -> new BatchAnnounceClient()
                        .announce(
                                announce,
                                new BatchAnnounce(
                                        peerId,
                                        6881,
                                        50,
                                        false,
                                        List.of(new BatchAnnounce.Entry(infoHash, AnnounceEvent.STARTED, 0, 0, 0)))));
        for (UnreachableException failure : List.of(single, batch)) {
            StringWriter err = new StringWriter();
            int exitCode = Failures.report("seed", failure, new PrintWriter(err));
            assertThat(exitCode).isEqualTo(ExitCodes.FAILURE);
            assertThat(err.toString())
                    .startsWith("ossnet seed: cannot reach 127.0.0.1:" + closedPort + " (" + announce)
                    .contains("connection refused");
        }
    }

    /** Each command that talks HTTP, by name, with arguments that make it talk to {@code host} first. */
    private Map<String, String[]> commandsTalkingTo(String host, URI tracker) {
        String collection = "ossnet://" + host + "/demo";
        String homeDir = home.toString();
        return Map.of(
                "publish",
                new String[] {
                    "publish",
                    tree.toString(),
                    "--collection",
                    collection,
                    "--tracker",
                    tracker.toString(),
                    "--home",
                    homeDir
                },
                "ls",
                new String[] {"ls", collection, "--home", homeDir},
                "verify",
                new String[] {"verify", tree.toString(), collection, "--home", homeDir},
                "get",
                new String[] {
                    "get", collection + "/a.txt", "-o", tree.resolve("out").toString(), "--home", homeDir
                },
                "seed",
                new String[] {
                    "seed",
                    tree.toString(),
                    "--collection",
                    collection,
                    "--listen",
                    "127.0.0.1:0",
                    "--no-http",
                    "--home",
                    homeDir
                },
                "trust add",
                new String[] {"trust", "add", host, "--fingerprint", "0".repeat(40), "--home", homeDir});
    }
}
