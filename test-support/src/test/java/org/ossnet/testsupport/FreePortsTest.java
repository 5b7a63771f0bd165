package org.ossnet.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void picksAPortBelowTheEphemeralRangeThatCanBeBound() throws Exception {
        int port = FreePorts.pick(LOOPBACK);

        assertThat(port)
                .isLessThan(FreePorts.ephemeralStart())
                .isGreaterThanOrEqualTo(Math.max(1024, FreePorts.ephemeralStart() - FreePorts.SPAN));
        try (ServerSocket socket = new ServerSocket(port, 1, LOOPBACK)) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void socketsHeldAtOnceGetDistinctPortsBelowTheRange() throws Exception {
        List<ServerSocket> held = new ArrayList<>();
        try {
            Set<Integer> ports = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                ServerSocket socket = FreePorts.bind(LOOPBACK);
                held.add(socket);
                ports.add(socket.getLocalPort());
            }
            assertThat(ports).hasSize(50).allMatch(port -> port < FreePorts.ephemeralStart());
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }
}
