package org.ossnet.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.swarm.SwarmFixtures.Agent;

@Timeout(60)
class SwarmExchangeTest {

    @TempDir
    Path dir;

    @Test
    void oneSeedAndThreeLeechersAllFinishWithTheSameFileAndLeechersServeEachOther() throws Exception {
        var fixture = SwarmFixtures.random(4, 16 * 1024 * 1024);
        // The seed's cap leaves the leechers time to trade pieces among themselves, as in a real swarm.
        try (Agent seed = fixture.seed(dir, SwarmFixtures.uploading().withUploadRate(8L * 1024 * 1024))) {
            List<Agent> leechers = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Agent leecher = fixture.leecher(dir.resolve("leecher-" + i + ".bin"), SwarmFixtures.uploading());
                    leechers.add(leecher);
                    leecher.session().addPeer(seed.address());
                    for (Agent other : leechers.subList(0, i)) {
                        leecher.session().addPeer(other.address());
                    }
                }
                for (Agent leecher : leechers) {
                    Path file = leecher.session().completion().get(45, TimeUnit.SECONDS);
                    assertThat(SwarmFixtures.sha256(file)).isEqualTo(fixture.sha256());
                }
                long leecherUploads = leechers.stream()
                        .mapToLong(l -> l.session().progress().uploadedBytes())
                        .sum();
                assertThat(leecherUploads).isPositive();
                assertThat(leechers.get(0).session().progress().complete()).isTrue();
            } finally {
                for (Agent leecher : leechers) {
                    leecher.close();
                }
            }
        }
    }

    @Test
    void aLeecherWithUploadOffFinishesWithoutSendingAnyBlock() throws Exception {
        var fixture = SwarmFixtures.random(5, 4 * 1024 * 1024);
        try (Agent seed = fixture.seed(dir, SwarmFixtures.uploading().withUploadRate(4L * 1024 * 1024));
                Agent quiet = fixture.leecher(dir.resolve("quiet.bin"), SwarmFixtures.config());
                Agent sharing = fixture.leecher(dir.resolve("sharing.bin"), SwarmFixtures.uploading())) {
            quiet.session().addPeer(seed.address());
            sharing.session().addPeer(seed.address());
            sharing.session().addPeer(quiet.address());

            assertThat(SwarmFixtures.sha256(quiet.session().completion().get(30, TimeUnit.SECONDS)))
                    .isEqualTo(fixture.sha256());
            sharing.session().completion().get(30, TimeUnit.SECONDS);

            assertThat(sharing.session().bytesReceivedFrom(quiet.peerId())).isZero();
            assertThat(seed.session().bytesReceivedFrom(quiet.peerId())).isZero();
            assertThat(quiet.session().progress().uploadedBytes()).isZero();
            assertThat(sharing.session().bytesReceivedFrom(seed.peerId())).isPositive();
        }
    }
}
