package org.ossnet.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.swarm.SwarmFixtures.Agent;
import org.ossnet.core.testing.Await;

/**
 * A seeder whose every connection slot is held by peers that give nothing must still serve an honest peer that
 * arrives from another address, within seconds (hardening issue, item 2).
 */
@Timeout(90)
class SwarmConnectionLimitsTest {

    /** The honest leecher's address: another host, as far as the seeder can tell. */
    static final String HONEST = "127.0.0.2";

    static final int HOSTILE = 50;

    /** How long the honest leecher may take, from its first dial to its verified copy. */
    static final Duration HONEST_BOUND = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void aSeederHeldByFiftyIdlePeersFromOneAddressServesAnHonestLeecherWithinSeconds() throws Exception {
        var fixture = SwarmFixtures.random(41, 1024 * 1024);
        try (Agent seed = fixture.seed(dir, SwarmFixtures.uploading());
                IdlePeers crowd = IdlePeers.start(
                        IdlePeers.oneAddress("127.0.0.1", HOSTILE),
                        seed.address(),
                        fixture.infoHash(),
                        fixture.info().pieceCount())) {
            Await.until(() -> seed.session().progress().connectedPeers() == HOSTILE, Duration.ofSeconds(20));

            assertHonestLeecherCompletes(fixture, seed);
        }
    }

    @Test
    void aSeederHeldByFiftyIdlePeersFromFiftyAddressesServesAnHonestLeecherWithinSeconds() throws Exception {
        var fixture = SwarmFixtures.random(42, 1024 * 1024);
        try (Agent seed = fixture.seed(dir, SwarmFixtures.uploading());
                IdlePeers crowd = IdlePeers.start(
                        IdlePeers.manyAddresses(10, HOSTILE),
                        seed.address(),
                        fixture.infoHash(),
                        fixture.info().pieceCount())) {
            Await.until(() -> seed.session().progress().connectedPeers() == HOSTILE, Duration.ofSeconds(20));

            assertHonestLeecherCompletes(fixture, seed);
            assertThat(seed.session().progress().connectedPeers()).isLessThanOrEqualTo(HOSTILE);
        }
    }

    private void assertHonestLeecherCompletes(SwarmFixtures fixture, Agent seed) throws Exception {
        try (Agent leecher = fixture.leecher(dir.resolve("honest.bin"), SwarmFixtures.config());
                Relay relay = Relay.from(InetAddress.getByName(HONEST), seed.address())) {
            long start = System.nanoTime();
            // It dials again while refused, as it would after each announce: the seeder displaces nobody who
            // connected less than a choke interval ago.
            Await.until(
                    () -> dialAgainUnlessConnected(leecher.session(), relay.address()),
                    HONEST_BOUND,
                    () -> "the seeder never admitted the honest leecher: "
                            + seed.session().progress());
            long left = HONEST_BOUND.toNanos() - (System.nanoTime() - start);

            assertThat(SwarmFixtures.sha256(leecher.session().completion().get(left, TimeUnit.NANOSECONDS)))
                    .isEqualTo(fixture.sha256());
        }
    }

    /** Dials {@code address} unless a dial is under way; returns whether the session is connected or done. */
    private static boolean dialAgainUnlessConnected(TorrentSession session, InetSocketAddress address) {
        session.addPeer(address);
        SwarmProgress progress = session.progress();
        return progress.connectedPeers() > 0 || progress.complete();
    }
}
