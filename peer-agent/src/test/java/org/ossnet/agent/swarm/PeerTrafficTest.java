package org.ossnet.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

class PeerTrafficTest {

    @Test
    void addsUpEveryConnectionOfAnAddressAndOrdersAddressesNumerically() throws Exception {
        var traffic = new PeerTraffic();

        traffic.received(InetAddress.getByName("127.1.0.10"), 100);
        traffic.received(InetAddress.getByName("127.1.0.3"), 16_384);
        traffic.sent(InetAddress.getByName("127.1.0.3"), 7);
        traffic.received(InetAddress.getByName("::1"), 1);
        traffic.received(InetAddress.getByName("127.1.0.3"), 16_384);

        assertThat(traffic.peers())
                .containsExactly(
                        new PeerTraffic.PeerBytes("127.1.0.3", 32_768, 7),
                        new PeerTraffic.PeerBytes("127.1.0.10", 100, 0),
                        new PeerTraffic.PeerBytes("0:0:0:0:0:0:0:1", 1, 0));
    }

    @Test
    void countsWebSeedsByHostAndPortWithTheDefaultPortFilledIn() {
        var traffic = new PeerTraffic();

        traffic.receivedOverHttp(URI.create("http://127.0.0.1:8080/pub/a.iso"), 10);
        traffic.receivedOverHttp(URI.create("http://127.0.0.1:8080/pub/b.iso"), 5);
        traffic.receivedOverHttp(URI.create("https://mirror.example/a.iso"), 3);

        assertThat(traffic.http())
                .containsExactly(
                        new PeerTraffic.HttpBytes("127.0.0.1:8080", 15),
                        new PeerTraffic.HttpBytes("mirror.example:443", 3));
    }
}
