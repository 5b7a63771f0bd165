package org.ossnet.stats.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ossnet.core.testing.Await;

class RollupBacklogTest {

    @Test
    void letsIngestionOnWhileTheBacklogIsWithinItsLimit() throws Exception {
        RollupBacklog backlog = new RollupBacklog(1000, Duration.ofMinutes(1));
        backlog.stored(600);
        backlog.stored(400);
        assertThat(backlog.awaitRoom()).isTrue();
        assertThat(backlog.pending()).isEqualTo(1000);
    }

    @Test
    void holdsIngestionUntilADrainBringsTheBacklogDown() throws Exception {
        RollupBacklog backlog = new RollupBacklog(1000, Duration.ofMinutes(1));
        backlog.stored(2500);
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return backlog.awaitRoom();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until(() -> backlog.held() == 1, Duration.ofSeconds(10));
        assertThat(waiting).isNotDone();
        backlog.drained(1000);
        // Woken by the drain, it looks again and waits again: off the condition's queue while it looks.
        Await.until(() -> backlog.held() == 1 || waiting.isDone(), Duration.ofSeconds(10));
        assertThat(waiting).as("1,500 still wait").isNotDone();
        backlog.drained(1000);
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(backlog.pending()).isEqualTo(500);
    }

    @Test
    void takesTheDatabasesCountAfterADrainWhateverThisReplicaCounted() throws Exception {
        RollupBacklog backlog = new RollupBacklog(1000, Duration.ofMinutes(1));
        backlog.stored(5000);
        backlog.listed(200); // another replica's drain took most of them
        assertThat(backlog.awaitRoom()).isTrue();
        backlog.drained(900);
        assertThat(backlog.pending()).isZero();
    }

    @Test
    void givesUpWaitingAfterItsLongestWaitSoAFailingDrainNeverStopsIngestion() throws Exception {
        RollupBacklog backlog = new RollupBacklog(10, Duration.ofMillis(200));
        backlog.stored(11);
        long started = System.nanoTime();
        assertThat(backlog.awaitRoom()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isBetween(Duration.ofMillis(190), Duration.ofSeconds(10));
    }
}
