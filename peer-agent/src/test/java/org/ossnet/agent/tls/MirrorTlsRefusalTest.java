package org.ossnet.agent.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.ossnet.agent.tls.TlsFixtures.NAME;
import static org.ossnet.agent.tls.TlsFixtures.SWARM;
import static org.ossnet.agent.tls.TlsFixtures.WAIT_SECONDS;
import static org.ossnet.agent.tls.TlsFixtures.bounded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ossnet.agent.tls.TlsRefusedException.Reason;
import org.ossnet.agent.wire.Handshake;
import org.ossnet.core.credential.CredentialException;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/** Every way a peer is refused: a clear reason on the refusing side, and not one application byte to the refused. */
@Timeout(60)
class MirrorTlsRefusalTest {

    private static final TlsFixtures FIXTURES = new TlsFixtures();
    private static final TlsFixtures.Mirror SERVER = FIXTURES.mirror("m1.example.edu");
    private static final RevocationList LIST = FIXTURES.list(1);

    /** A client credential the accepting mirror refuses, the revocation list it judges by, and why it refuses. */
    static Stream<Arguments> refusedClients() throws Exception {
        TlsFixtures.Mirror revoked = FIXTURES.mirror("m3.example.edu");
        return Stream.of(
                Arguments.of(
                        "self-signed",
                        FIXTURES.selfSigned("m2.example.edu"),
                        LIST,
                        CredentialException.Reason.NOT_SIGNED_BY_CA),
                Arguments.of(
                        "another CA's",
                        FIXTURES.mirrorOfOtherCa("m2.example.edu"),
                        LIST,
                        CredentialException.Reason.NOT_SIGNED_BY_CA),
                Arguments.of(
                        "expired",
                        FIXTURES.mirror(
                                "m2.example.edu", FIXTURES.now.minusSeconds(7200), FIXTURES.now.minusSeconds(3600)),
                        LIST,
                        CredentialException.Reason.EXPIRED),
                Arguments.of(
                        "not yet valid",
                        FIXTURES.mirror(
                                "m2.example.edu", FIXTURES.now.plusSeconds(3600), FIXTURES.now.plusSeconds(7200)),
                        LIST,
                        CredentialException.Reason.NOT_YET_VALID),
                Arguments.of(
                        "for another prefix",
                        FIXTURES.mirror("m2.example.edu", "ossnet://fedora.example.org/fedora/44/"),
                        LIST,
                        CredentialException.Reason.WRONG_PREFIX),
                Arguments.of(
                        "without clientAuth",
                        FIXTURES.serverAuthOnly("m2.example.edu"),
                        LIST,
                        CredentialException.Reason.WRONG_KEY_USAGE),
                Arguments.of(
                        "revoked by serial",
                        revoked,
                        FIXTURES.list(2, TlsFixtures.revoke("m3.example.edu", revoked)),
                        CredentialException.Reason.REVOKED),
                Arguments.of(
                        "judged by an expired revocation list",
                        FIXTURES.mirror("m2.example.edu"),
                        FIXTURES.expiredList(1),
                        CredentialException.Reason.REVOCATION_LIST_EXPIRED),
                Arguments.of(
                        "judged with no revocation list yet",
                        FIXTURES.mirror("m2.example.edu"),
                        null,
                        CredentialException.Reason.REVOCATION_LIST_EXPIRED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedClients")
    void refusesAClientCredential(
            String what, TlsFixtures.Mirror client, RevocationList serverList, CredentialException.Reason expected)
            throws Exception {
        try (var loopback = new TlsFixtures.Loopback()) {
            CompletableFuture<TlsPeer> accepted = loopback.accept(FIXTURES.tls(SERVER, () -> serverList));
            CompletableFuture<TlsPeer> dialled = dialAsync(FIXTURES.tls(client, () -> LIST), loopback);

            TlsRefusedException refused = refusal(accepted);

            assertThat(refused.reason()).isEqualTo(Reason.CREDENTIAL);
            assertThat(refused.credentialReason()).contains(expected);
            assertThat(refused.getMessage()).startsWith("the peer's mirror credential is refused: ");
            assertReceivesNoApplicationByte(dialled);
        }
    }

    @Test
    void theDiallingMirrorRefusesAServerWhoseCredentialDoesNotCoverTheSwarm() throws Exception {
        TlsFixtures.Mirror elsewhere = FIXTURES.mirror("m1.example.edu", "ossnet://fedora.example.org/fedora/44/");
        try (var loopback = new TlsFixtures.Loopback()) {
            CompletableFuture<TlsPeer> accepted = loopback.accept(FIXTURES.tls(elsewhere, () -> LIST));
            MirrorTls client = FIXTURES.tls(FIXTURES.mirror("m2.example.edu"), () -> LIST);

            TlsRefusedException refused = refusal(dialAsync(client, loopback));

            assertThat(refused.reason()).isEqualTo(Reason.CREDENTIAL);
            assertThat(refused.credentialReason()).contains(CredentialException.Reason.WRONG_PREFIX);
            TlsRefusedException server = refusal(accepted);
            assertThat(server.reason()).as(server.getMessage()).isEqualTo(Reason.REFUSED_BY_PEER);
        }
    }

    @Test
    void refusesAClientWithoutACertificate() throws Exception {
        try (var loopback = new TlsFixtures.Loopback()) {
            CompletableFuture<TlsPeer> accepted = loopback.accept(FIXTURES.tls(SERVER, () -> LIST));
            List<X509Certificate> seen = new CopyOnWriteArrayList<>();

            try (SSLSocket socket = jdkClient(loopback, "TLSv1.3", List.of(new SNIHostName(SWARM.toHex())), seen)) {
                assertNoApplicationByte(socket);
            }

            TlsRefusedException refused = refusal(accepted);
            assertThat(refused.reason()).isEqualTo(Reason.NO_CERTIFICATE);
            assertThat(refused.getMessage()).isEqualTo("the peer presented no certificate");
        }
    }

    @Test
    void refusesAnUnknownSwarmBeforeShowingItsCertificate() throws Exception {
        InfoHash other = InfoHash.sha1Of("a public file".getBytes(StandardCharsets.US_ASCII));
        assertRefusedBeforeItsCertificate(List.of(new SNIHostName(other.toHex())));
    }

    @Test
    void refusesAClientWithoutSniBeforeShowingItsCertificate() throws Exception {
        assertRefusedBeforeItsCertificate(List.of());
    }

    @Test
    void refusesAClientWithAnSniThatIsNoInfoHash() throws Exception {
        assertRefusedBeforeItsCertificate(List.of(new SNIHostName("mirror.example.edu")));
    }

    private void assertRefusedBeforeItsCertificate(List<SNIServerName> sni) throws Exception {
        try (var loopback = new TlsFixtures.Loopback()) {
            CompletableFuture<TlsPeer> accepted = loopback.accept(FIXTURES.tls(SERVER, () -> LIST));
            List<X509Certificate> seen = new CopyOnWriteArrayList<>();

            try (SSLSocket socket = jdkClient(loopback, "TLSv1.3", sni, seen)) {
                // An alert, or a reset when the server closed before reading all the prober sent.
                assertThatThrownBy(socket::startHandshake).isInstanceOf(IOException.class);
            }

            assertThat(seen).as("certificates the prober saw").isEmpty();
            TlsRefusedException refused = refusal(accepted);
            assertThat(refused.reason()).isEqualTo(Reason.UNKNOWN_SWARM);
        }
    }

    @Test
    void refusesATls12OnlyClient() throws Exception {
        try (var loopback = new TlsFixtures.Loopback()) {
            CompletableFuture<TlsPeer> accepted = loopback.accept(FIXTURES.tls(SERVER, () -> LIST));
            List<X509Certificate> seen = new CopyOnWriteArrayList<>();

            try (SSLSocket socket = jdkClient(loopback, "TLSv1.2", List.of(new SNIHostName(SWARM.toHex())), seen)) {
                // An alert, or a reset when the server closed before reading all the prober sent.
                assertThatThrownBy(socket::startHandshake).isInstanceOf(IOException.class);
            }

            assertThat(seen).isEmpty();
            TlsRefusedException refused = refusal(accepted);
            assertThat(refused.reason()).isEqualTo(Reason.PROTOCOL);
            assertThat(refused.getMessage()).startsWith("not a TLS 1.3 handshake: ");
        }
    }

    @Test
    void answersAPlainBitTorrentHandshakeWithNothingAndCloses() throws Exception {
        try (var loopback = new TlsFixtures.Loopback();
                Socket socket = loopback.plainSocket()) {
            CompletableFuture<TlsPeer> accepted = loopback.accept(FIXTURES.tls(SERVER, () -> LIST));
            ByteBuffer handshake = ByteBuffer.allocate(Handshake.LENGTH);
            Handshake.of(SWARM, PeerId.random(PeerId.AGENT_PREFIX)).writeTo(handshake);
            socket.getOutputStream().write(handshake.array());

            byte[] answer = readToEnd(socket.getInputStream());

            // At most a TLS alert record (5-byte header, 2-byte alert): no handshake, no peer id, no bitfield.
            assertThat(answer.length).isLessThanOrEqualTo(7);
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("BitTorrent");
            assertThat(refusal(accepted).reason()).isEqualTo(Reason.PROTOCOL);
        }
    }

    @Test
    void freesATruncatedHandshakeAndLogsItAtDebugWithoutAStackTrace() throws Exception {
        try (var logs = new CapturedLogs(MirrorTls.class);
                var loopback = new TlsFixtures.Loopback()) {
            CompletableFuture<TlsPeer> accepted = loopback.accept(FIXTURES.tls(SERVER, () -> LIST));
            byte[] hello = clientHello();
            try (Socket socket = loopback.plainSocket()) {
                socket.getOutputStream().write(Arrays.copyOf(hello, hello.length / 2));
            }

            TlsRefusedException refused = refusal(accepted);

            assertThat(refused.reason()).isEqualTo(Reason.CLOSED);
            assertThat(refused.getMessage()).contains("closed the connection during the TLS handshake");
            assertThat(logs.records()).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.FINE);
                assertThat(r.getThrown()).isNull();
            });
        }
    }

    @Test
    void freesAStalledHandshakeWithinItsTimeout() throws Exception {
        try (var loopback = new TlsFixtures.Loopback();
                Socket socket = loopback.plainSocket()) {
            CompletableFuture<TlsPeer> accepted = loopback.accept(FIXTURES.tls(SERVER, () -> LIST));
            byte[] hello = clientHello();
            long start = System.nanoTime();
            socket.getOutputStream().write(Arrays.copyOf(hello, hello.length / 2));

            TlsRefusedException refused = refusal(accepted);

            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(refused.reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(millis)
                    .isBetween(
                            TlsFixtures.LIMITS.handshakeTimeout().toMillis() - 100,
                            // Generous above: a loaded CI machine is slow to wake the waiting thread, never early.
                            TlsFixtures.LIMITS.handshakeTimeout().toMillis() + 7000);
            assertThat(socket.getInputStream().read())
                    .as("the server closed the socket")
                    .isEqualTo(-1);
        }
    }

    @Test
    void refusesEveryPeerOnceTheRevocationListSupplierHasNone() throws Exception {
        Supplier<RevocationList> none = () -> null;
        try (var loopback = new TlsFixtures.Loopback()) {
            CompletableFuture<TlsPeer> accepted = loopback.accept(FIXTURES.tls(SERVER, () -> LIST));
            MirrorTls client = FIXTURES.tls(FIXTURES.mirror("m2.example.edu"), none);

            TlsRefusedException refused = refusal(dialAsync(client, loopback));

            assertThat(refused.credentialReason()).contains(CredentialException.Reason.REVOCATION_LIST_EXPIRED);
            TlsRefusedException server = refusal(accepted);
            assertThat(server.reason()).as(server.getMessage()).isEqualTo(Reason.REFUSED_BY_PEER);
        }
    }

    private static CompletableFuture<TlsPeer> dialAsync(MirrorTls tls, TlsFixtures.Loopback loopback) {
        CompletableFuture<TlsPeer> dialled = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                dialled.complete(tls.connect(loopback.dial(), SWARM, NAME));
            } catch (Throwable e) {
                dialled.completeExceptionally(e);
            }
        });
        return dialled;
    }

    private static TlsRefusedException refusal(CompletableFuture<TlsPeer> attempt) {
        Throwable thrown = catchThrowable(() -> attempt.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class);
        assertThat(thrown.getCause()).isInstanceOf(TlsRefusedException.class);
        return (TlsRefusedException) thrown.getCause();
    }

    /**
     * The refused side either fails its own handshake or, in TLS 1.3 where the client's handshake ends before the
     * server has judged its certificate, reads an alert or the end: never a byte of data.
     */
    private static void assertReceivesNoApplicationByte(CompletableFuture<TlsPeer> dialled) throws Exception {
        TlsPeer peer;
        try {
            peer = dialled.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(TlsRefusedException.class);
            return;
        }
        try (peer) {
            Object read;
            try {
                read = bounded(() -> peer.read(ByteBuffer.allocate(1024)));
            } catch (ExecutionException e) {
                read = e.getCause();
            }
            assertThat(read)
                    .satisfiesAnyOf(
                            r -> assertThat(r).isEqualTo(-1), r -> assertThat(r).isInstanceOf(IOException.class));
        }
    }

    private static void assertNoApplicationByte(SSLSocket socket) {
        Throwable thrown = catchThrowable(() -> {
            socket.startHandshake();
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        });
        assertThat(thrown)
                .satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(IOException.class));
    }

    /** A client of the JDK's own TLS, with no certificate, that records every server certificate it is shown. */
    private static SSLSocket jdkClient(
            TlsFixtures.Loopback loopback, String protocol, List<SNIServerName> sni, List<X509Certificate> seen)
            throws Exception {
        SSLContext context = SSLContext.getInstance(protocol);
        context.init(null, new TrustManager[] {new RecordingTrust(seen)}, null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(loopback.address(), 2000);
        socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(new String[] {protocol});
        parameters.setServerNames(sni);
        socket.setSSLParameters(parameters);
        return socket;
    }

    /** The first flight of a real TLS 1.3 client for the swarm: a ClientHello with SNI. */
    private static byte[] clientHello() throws Exception {
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(null, new TrustManager[] {new RecordingTrust(new CopyOnWriteArrayList<>())}, null);
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(SWARM.toHex())));
        engine.setSSLParameters(parameters);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        return Arrays.copyOf(out.array(), out.position());
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try {
            in.transferTo(bytes);
        } catch (java.net.SocketException e) {
            // A reset after the alert ends the stream as well.
        }
        return bytes.toByteArray();
    }
}
