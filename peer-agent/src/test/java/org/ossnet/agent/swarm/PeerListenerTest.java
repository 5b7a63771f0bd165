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
import org.ossnet.agent.wire.Handshake;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;

/** Connections that never say which swarm they want, or want one nobody serves, do not stay open. */
class PeerListenerTest {

    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

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

    private static Socket connect(PeerListener listener) throws IOException {
        return new Socket(listener.address().getAddress(), listener.address().getPort());
    }
}
