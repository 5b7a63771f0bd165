package org.ossnet.stats.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ossnet.stats.EventJson.batch;
import static org.ossnet.stats.EventJson.event;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ossnet.core.testing.Await;
import org.ossnet.stats.StatsIntegrationTest;
import org.ossnet.testsupport.http.HttpProbe.Response;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A replica whose backlog holds one event and whose drains run only when asked (the scheduled one first runs after
 * {@code rollup-interval}, an hour here): a request arriving while more wait
 * is held until a drain makes room, and the rollups count every event once.
 */
class BackloggedIngestionIT extends StatsIntegrationTest {

    private static final Instant RECENT =
            Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @DynamicPropertySource
    static void backlog(DynamicPropertyRegistry registry) {
        registry.add("ossnet.stats.rollup-backlog", () -> "1");
        registry.add("ossnet.stats.rollup-events", () -> "1000000");
        registry.add("ossnet.stats.rollup-interval", () -> "1h");
    }

    @Test
    void holdsARequestWhileTheBacklogIsFullUntilADrainMakesRoom() throws Exception {
        String collection = newCollection();
        Response first = postEvents(
                INGEST_TOKEN,
                batch(List.of(
                        event(collection, "a.iso", 1, "get", RECENT), event(collection, "b.iso", 1, "get", RECENT))));
        assertThat(first.status()).as(first.body()).isEqualTo(200);

        long started = System.nanoTime();
        CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> {
            try {
                return postEvents(INGEST_TOKEN, batch(List.of(event(collection, "c.iso", 1, "get", RECENT))));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until(() -> rollups.heldRequests() == 1, Duration.ofSeconds(10));
        assertThat(second).as("held while two events wait").isNotDone();
        rollups.drain();
        assertThat(second.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));

        rollups.drain();
        assertThat(IngestionIT.rollup(collection).getFirst()).isEqualTo(3L);
    }
}
