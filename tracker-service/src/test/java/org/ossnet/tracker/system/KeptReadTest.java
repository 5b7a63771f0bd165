package org.ossnet.tracker.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.ossnet.core.testing.Await;

class KeptReadTest {

    private final AtomicInteger reads = new AtomicInteger();

    @Test
    void readsOnceWhileCurrentAndAgainAfterAChangeCommittedHere() {
        KeptRead<Integer> kept = new KeptRead<>(Duration.ofHours(1), reads::incrementAndGet);

        assertThat(kept.get()).isEqualTo(1);
        assertThat(kept.get()).isEqualTo(1);
        kept.changed();
        assertThat(kept.get()).isEqualTo(2);
        assertThat(kept.get()).isEqualTo(2);
        assertThat(reads).hasValue(2);
    }

    @Test
    void readsAgainOnceStaleSoAnotherReplicasChangeShows() throws InterruptedException {
        KeptRead<Integer> kept = new KeptRead<>(Duration.ofMillis(50), reads::incrementAndGet);

        assertThat(kept.get()).isEqualTo(1);
        Await.until(() -> kept.get() > 1, Duration.ofSeconds(10));
        KeptRead<Integer> never = new KeptRead<>(Duration.ZERO, reads::incrementAndGet);
        assertThat(never.get()).as("stale at once: read every time").isLessThan(never.get());
    }

    @Test
    void aReadThatBeganBeforeAChangeIsNotKeptPastIt() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch changed = new CountDownLatch(1);
        KeptRead<Integer> kept = new KeptRead<>(Duration.ofHours(1), () -> {
            int read = reads.incrementAndGet();
            if (read == 1) {
                reading.countDown();
                await(changed); // a publish commits and calls changed() while this read is under way
            }
            return read;
        });
        Thread first = Thread.ofVirtual().start(kept::get);
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
        kept.changed();
        changed.countDown();
        first.join(Duration.ofSeconds(10));

        assertThat(kept.get())
                .as("read again: the first read may not have seen the change")
                .isEqualTo(2);
        assertThat(kept.get()).isEqualTo(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
