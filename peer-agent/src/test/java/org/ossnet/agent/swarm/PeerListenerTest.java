package org.ossnet.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.ossnet.agent.tls.TlsFixtures;
import org.ossnet.agent.wire.Handshake;
import org.ossnet.core.credential.RevocationList;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/**
 * Connections that never say which swarm they want, or want one nobody serves, do not stay open, whether they speak
 * plain BitTorrent or TLS.
 */
class PeerListenerTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /** The first bytes of a TLS record header carrying a handshake (a ClientHello), and no more. */
    private static final byte[] TLS_RECORD_START = {0x16, 0x03, 0x01};

    @Test
    void closesAConnectionThatStaysSilentPastTheHandshakeTimeout() throws Exception {
        try (PeerListener listener = PeerListener.open(LOOPBACK, Duration.ofMillis(200), 8);
                Socket silent = connect(listener)) {
            silent.setSoTimeout(10_000);

            assertThat(silent.getInputStream().read())
                    .as("end of stream from the listener")
                    .isEqualTo(-1);
        }
    }

    @Test
    void closesConnectionsBeyondTheLimitOfThoseWaitingForAHandshake() throws Exception {
        try (PeerListener listener = PeerListener.open(LOOPBACK, Duration.ofMinutes(1), 2);
                Socket first = connect(listener);
                Socket second = connect(listener);
                Socket third = connect(listener)) {
            third.setSoTimeout(10_000);
            assertThat(third.getInputStream().read())
                    .as("the third waiting connection is closed")
                    .isEqualTo(-1);

            first.setSoTimeout(300);
            assertThatThrownBy(() -> first.getInputStream().read())
                    .as("the first still waits for its handshake")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void closesAConnectionForASwarmItDoesNotServe() throws Exception {
        try (PeerListener listener = PeerListener.open(LOOPBACK);
                Socket peer = connect(listener)) {
            InfoHash unknown = InfoHash.fromHex("11".repeat(20));
            ByteBuffer handshake = ByteBuffer.allocate(Handshake.LENGTH);
            Handshake.of(unknown, PeerId.random(PeerId.AGENT_PREFIX)).writeTo(handshake);
            peer.getOutputStream().write(handshake.array());
            peer.setSoTimeout(10_000);

            InputStream in = peer.getInputStream();
            assertThat(in.read()).as("closed without a handshake back").isEqualTo(-1);
        }
    }

    @Test
    void closesATlsConnectionWhenItServesNoPrivateSwarm() throws Exception {
        try (PeerListener listener = PeerListener.open(LOOPBACK);
                Socket peer = connect(listener)) {
            peer.getOutputStream().write(TLS_RECORD_START);
            peer.setSoTimeout(10_000);

            assertThat(peer.getInputStream().read()).as("closed without a byte").isEqualTo(-1);
        }
    }

    @Test
    void closesATlsClientThatStallsInItsHandshakeAtTheListenersTimeout() throws Exception {
        var credentials = new TlsFixtures();
        try (PeerListener listener = PeerListener.open(LOOPBACK, Duration.ofMillis(200), 8);
                Socket stalled = connect(listener)) {
            RevocationList list = credentials.list(1);
            listener.acceptTls(
                    credentials.tls(credentials.mirror("m1.example.edu"), () -> list, listener.privateSwarms()));
            long start = System.nanoTime();
            stalled.getOutputStream().write(TLS_RECORD_START);
            stalled.setSoTimeout(10_000);

            assertThat(stalled.getInputStream().read()).as("end of stream").isEqualTo(-1);
            // Well before the TLS handshake's own limit (5 s in the fixtures): the listener's pending timeout applies.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    private static Socket connect(PeerListener listener) throws IOException {
        return new Socket(listener.address().getAddress(), listener.address().getPort());
    }
}
