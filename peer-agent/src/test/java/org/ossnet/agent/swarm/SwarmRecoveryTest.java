package org.ossnet.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.storage.ContentMismatchException;
import org.ossnet.agent.swarm.SwarmFixtures.Agent;
import org.ossnet.core.testing.Await;

@Timeout(60)
class SwarmRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void bansAPeerThatSendsCorruptBlocksAndStillCompletesFromAnHonestSeed() throws Exception {
        var fixture = SwarmFixtures.random(6, 2 * 1024 * 1024);
        Path file = dir.resolve("victim.bin");
        try (var evil = ScriptedSeed.corrupting(
                        fixture.infoHash(), fixture.info().pieceCount());
                Agent seed = fixture.seed(dir, SwarmFixtures.uploading());
                Agent victim = fixture.leecher(file, SwarmFixtures.config())) {
            // Only the corrupting peer at first, so every failed piece has a single contributor.
            victim.session().addPeer(evil.address());
            assertThat(evil.blocksSent().get(20, TimeUnit.SECONDS)).isPositive();
            assertThat(victim.session().progress().bannedPeers()).isEqualTo(1);
            assertThat(victim.session().addPeer(evil.address())).isFalse();

            victim.session().addPeer(seed.address());

            assertThat(SwarmFixtures.sha256(victim.session().completion().get(30, TimeUnit.SECONDS)))
                    .isEqualTo(fixture.sha256());
            assertThat(victim.session().progress().bannedPeers()).isEqualTo(1);
        }
    }

    @Test
    void aLeecherClosedHalfWayResumesFromItsVerifiedPieces() throws Exception {
        var fixture = SwarmFixtures.random(7, 4 * 1024 * 1024);
        long length = fixture.info().length();
        Path file = dir.resolve("resumed.bin");
        try (Agent seed = fixture.seed(dir, SwarmFixtures.uploading().withUploadRate(2L * 1024 * 1024))) {
            long verifiedBeforeClose;
            try (Agent first = fixture.leecher(file, SwarmFixtures.config())) {
                first.session().addPeer(seed.address());
                Await.until(() -> first.session().progress().verifiedBytes() >= length / 2, Duration.ofSeconds(20));
                verifiedBeforeClose = first.session().progress().verifiedBytes();
            }
            assertThat(verifiedBeforeClose).isLessThan(length);

            try (Agent second = fixture.leecher(file, SwarmFixtures.config())) {
                assertThat(second.session().progress().verifiedBytes()).isGreaterThanOrEqualTo(verifiedBeforeClose);
                second.session().addPeer(seed.address());

                assertThat(SwarmFixtures.sha256(second.session().completion().get(30, TimeUnit.SECONDS)))
                        .isEqualTo(fixture.sha256());
                assertThat(second.session().progress().downloadedBytes()).isLessThan(length);
            }
        }
    }

    @Test
    void aWrongExpectedSha256FailsTheSessionAndLeavesNoFinalFile() throws Exception {
        var fixture = SwarmFixtures.random(8, 1024 * 1024);
        Path file = dir.resolve("mismatch.bin");
        try (Agent seed = fixture.seed(dir, SwarmFixtures.uploading());
                Agent leecher = fixture.leecher(file, SwarmFixtures.config(), new byte[32])) {
            leecher.session().addPeer(seed.address());

            assertThatThrownBy(() -> leecher.session().completion().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ContentMismatchException.class);
            assertThat(file).doesNotExist();
            assertThat(leecher.session().progress().complete()).isFalse();
        }
    }
}
