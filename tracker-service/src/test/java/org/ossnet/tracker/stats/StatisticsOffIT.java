package org.ossnet.tracker.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.ossnet.core.api.DownloadEvent;
import org.ossnet.core.torrent.InfoHash;
import org.ossnet.core.torrent.PeerId;
import org.ossnet.tracker.TrackerUnderTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A tracker without {@code ossnet.tracker.stats.url}: statistics are off, and say so. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class StatisticsOffIT {

    static final TrackerUnderTest APP = new TrackerUnderTest();

    @Autowired
    StatsForwarder forwarder;

    @Autowired
    CompletedAnnounces completions;

    @Autowired
    Map<String, HealthIndicator> health;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        APP.register(registry);
    }

    @AfterAll
    static void stop() {
        APP.close();
    }

    @Test
    void answersReportsWith503AndNeitherQueuesCompletionsNorForwards() throws Exception {
        DownloadEvent event = new DownloadEvent(
                UUID.randomUUID(),
                APP.collection("x"),
                1L,
                "a.bin",
                1L,
                0L,
                0L,
                0L,
                null,
                "get",
                1L,
                Instant.now().minus(Duration.ofMinutes(1)));
        HttpResponse<String> response = StatisticsIT.post(APP.url(), null, List.of(event));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(StatisticsIT.json(response).get("detail").asString()).contains("statistics are not configured");

        completions.completed(InfoHash.fromHex("00112233445566778899aabbccddeeff00112233"), PeerId.random("-LT2000-"));
        assertThat(completions.written()).isZero();
        assertThat(forwarder.state().enabled()).isFalse();
        assertThat(health.get("statsForwarderHealthIndicator").health().getDetails())
                .containsEntry("state", "off");
    }
}
