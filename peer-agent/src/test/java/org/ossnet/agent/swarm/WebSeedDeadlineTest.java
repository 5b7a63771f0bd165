package org.ossnet.agent.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.ossnet.agent.net.DrippingServer;

@Timeout(30)
class WebSeedDeadlineTest {

    static final Duration TIMEOUT = Duration.ofSeconds(1);

    static WebSeedHttp webSeed(URI uri, long fileLength) {
        return new WebSeedHttp(uri, fileLength, SwarmFixtures.config().withWebSeeds(1, TIMEOUT, TIMEOUT));
    }

    @Test
    void aWebSeedThatDripsItsRangeIsGivenUpOnAtTheDeadlineAndTriedAgainLater() throws Exception {
        try (DrippingServer drip = DrippingServer.start("206 Partial Content")) {
            WebSeedHttp http = webSeed(URI.create("http://" + drip.authority() + "/file.bin"), 1_000);
            long start = System.nanoTime();

            WebSeedHttp.Result result = http.fetch(0, 1_000);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(3));
            assertThat(result)
                    .isInstanceOfSatisfying(
                            WebSeedHttp.Result.RetryLater.class,
                            r -> assertThat(r.reason()).contains("did not arrive in full within 1 s"));
            http.close();
        }
    }

    @Test
    void aLongRunGetsAsLongAsItTakesAtTheMinimumRateButNeverLessThanTheTimeout() {
        WebSeedHttp http = webSeed(URI.create("http://127.0.0.1:1/file.bin"), 64L << 20);

        assertThat(http.deadline(16 * 1024)).isEqualTo(TIMEOUT);
        assertThat(http.deadline(4 << 20)).isEqualTo(Duration.ofSeconds(256));
        http.close();
    }
}
