package org.ossnet.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.ossnet.agent.swarm.SwarmFixtures.Agent;

@Timeout(60)
class UploadCapTest {

    private static final long RATE = 4L * 1024 * 1024;

    /** The session's bucket starts full with a burst of a tenth of a second (TorrentSession's bucket policy). */
    private static final long BURST = RATE / 10;

    @TempDir
    Path dir;

    @Test
    void aCappedSeedNeverSendsMoreThanItsRateAllowsOverAWindowMeasuredAtTheLeecher() throws Exception {
        var fixture = SwarmFixtures.random(12, 8 * 1024 * 1024);
        try (Agent seed = fixture.seed(dir, SwarmFixtures.uploading().withUploadRate(RATE));
                Agent leecher = fixture.leecher(dir.resolve("capped.bin"), SwarmFixtures.config())) {
            long start = System.nanoTime();
            leecher.session().addPeer(seed.address());
            Thread.sleep(1000);
            long atOneSecond = leecher.session().bytesReceivedFrom(seed.peerId());
            long oneSecond = System.nanoTime();
            leecher.session().completion().get(30, TimeUnit.SECONDS);
            long end = System.nanoTime();
            long total = leecher.session().bytesReceivedFrom(seed.peerId());

            // Upper bounds only: a busy machine may send less, never more. 10% covers the piece headers the bucket
            // also counts and the clock read between the bytes and the measurement.
            assertThat(atOneSecond).isLessThanOrEqualTo((long) (1.1 * RATE * (oneSecond - start) / 1e9) + BURST);
            assertThat(total).isEqualTo(fixture.info().length());
            assertThat(total).isLessThanOrEqualTo((long) (1.1 * RATE * (end - start) / 1e9) + BURST);
        }
    }
}
