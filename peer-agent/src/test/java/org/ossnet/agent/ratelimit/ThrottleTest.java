package org.ossnet.agent.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThrottleTest {

    private static final long SECOND = 1_000_000_000L;

    private final FakeTime time = new FakeTime();

    @Test
    void takesFromEveryBucketOrFromNone() {
        var shared = new TokenBucket(1000, 1000, time);
        var own = new TokenBucket(1000, 300, time);
        var throttle = new Throttle(time, shared, own);
        assertThat(throttle.tryAcquire(300)).isTrue();
        assertThat(throttle.tryAcquire(300)).isFalse();
        assertThat(shared.tryAcquire(700))
                .as("the refused attempt gave its tokens back")
                .isTrue();
    }

    @Test
    void sharedCapHoldsAcrossConnectionsWithTheirOwnCaps() throws InterruptedException {
        var shared = new TokenBucket(100_000, 20_000, time);
        var first = new Throttle(time, shared, new TokenBucket(80_000, 20_000, time));
        var second = new Throttle(time, shared, new TokenBucket(80_000, 20_000, time));
        long start = time.nanoTime();
        long sent = 0;
        for (int i = 0; i < 1000; i++) {
            (i % 2 == 0 ? first : second).acquire(10_000);
            sent += 10_000;
        }
        double seconds = (time.nanoTime() - start) / (double) SECOND;
        assertThat(sent / seconds).isCloseTo(100_000, within(1000.0));
    }

    @Test
    void waitersUnderOneCapQueueInTurnAndEachWakesOnce() throws Exception {
        AtomicInteger sleeps = new AtomicInteger();
        TimeSource counting = new TimeSource() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                sleeps.incrementAndGet();
                TimeSource.system().sleepNanos(nanos);
            }
        };
        int rate = 8 << 20;
        int block = 16 * 1024;
        var shared = new TokenBucket(rate, 2 * block, counting);
        int connections = 6;
        int blocksEach = 40;
        List<Thread> senders = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            var own = new Throttle(counting, shared, new TokenBucket(rate, 2 * block, counting));
            senders.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < blocksEach; i++) {
                    try {
                        own.acquire(block);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join();
        }
        double seconds = (System.nanoTime() - start) / (double) SECOND;

        assertThat(sleeps.get())
                .as("at most one wait per block: a waiter is never woken only to find another took the tokens")
                .isLessThanOrEqualTo(connections * blocksEach);
        long sent = (long) connections * blocksEach * block;
        assertThat(seconds)
                .as("the shared cap holds: all but the first burst at the rate")
                .isGreaterThanOrEqualTo((sent - 2.0 * block) / rate);
    }

    @Test
    void aReservationQueuesBehindTheOnesBeforeIt() {
        var bucket = new TokenBucket(1000, 100, time);
        assertThat(bucket.reserve(100)).isZero();
        assertThat(bucket.reserve(100)).isEqualTo(SECOND / 10);
        assertThat(bucket.reserve(50)).isEqualTo(SECOND * 15 / 100);
        assertThat(bucket.tryAcquire(1)).as("nothing jumps the queue").isFalse();
        time.advance(SECOND * 15 / 100);
        assertThat(bucket.tryAcquire(1)).isFalse();
        time.advance(SECOND / 1000);
        assertThat(bucket.tryAcquire(1)).isTrue();
    }

    @Test
    void takesAtMostTheSmallestBurstAtOnce() {
        var throttle = new Throttle(time, new TokenBucket(1000, 300, time), TokenBucket.unlimited());
        assertThat(throttle.largestAcquire()).isEqualTo(300);
        assertThat(new Throttle(time, TokenBucket.unlimited()).largestAcquire()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void waitsForTheSlowestBucket() {
        var fast = new TokenBucket(1000, 100, time);
        var slow = new TokenBucket(10, 100, time);
        var throttle = new Throttle(time, fast, slow);
        assertThat(throttle.tryAcquire(100)).isTrue();
        assertThat(throttle.nanosUntil(10)).isEqualTo(SECOND);
    }
}
